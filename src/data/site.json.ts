// Page data of the Beranda (leadership overview) and the OPD part of /perencanaan: the scorecard of
// every OPD for every period of mart.opd_ringkasan, with the previous period's values beside it
// (presentation: differences of two mart values), counts for the headline figures, and the
// "perlu perhatian" list of mart.perlu_perhatian. No indicator is computed here: capaian, IKM, status come from the marts.
import { siteMeta, suppress, withReadOnlyWarehouse, writeJson } from "./lib/warehouse.ts";
import { jenisPeriode, periodeSebelum, urutPeriode } from "./lib/periode.ts";
import type { OpdRingkasanTable } from "../../loaders/warehouse/schema.ts";

// The mart's own row type (loaders/warehouse/schema.ts) plus the counts this loader adds.
interface RingkasanRow extends Omit<OpdRingkasanTable, "nama_opd"> {
  sangat_baik: number | null;
  butuh_ke_bawah: number | null;
  tidak_konsisten: number | null;
  hampir: number;
  tidak: number;
  belum: number;
}

const data = await withReadOnlyWarehouse(async (wh) => {
  const meta = await siteMeta(wh);
  const opd = await wh.query<{ kode_opd: string; nama_opd: string; singkatan: string; jenis: string }>(
    `SELECT kode_opd, nama_opd, singkatan, jenis FROM ref.opd ORDER BY kode_opd`,
  );
  const statusRef = await wh.query<{ status: string; batas_bawah: number; ikon: string }>(
    `SELECT status, batas_bawah, ikon FROM ref.status_capaian ORDER BY batas_bawah DESC`,
  );
  const rows = await wh.query<RingkasanRow>(`
    SELECT r.periode, r.kode_opd, r.jumlah_indikator, r.indikator_dilaporkan, r.indikator_tercapai,
      r.rata_capaian, r.status, r.periode_ikm, r.ikm, r.mutu, r.jumlah_responden, r.jumlah_pegawai,
      r.persen_sangat_baik, r.persen_butuh_perbaikan_ke_bawah,
      s.sangat_baik, s.butuh_perbaikan + s.kurang + s.sangat_kurang AS butuh_ke_bawah,
      s.predikat_tidak_konsisten AS tidak_konsisten,
      (SELECT count(*) FROM mart.indikator_capaian c WHERE c.periode = r.periode AND c.kode_opd = r.kode_opd AND c.status = 'hampir tercapai') AS hampir,
      (SELECT count(*) FROM mart.indikator_capaian c WHERE c.periode = r.periode AND c.kode_opd = r.kode_opd AND c.status = 'tidak tercapai') AS tidak,
      (SELECT count(*) FROM mart.indikator_capaian c WHERE c.periode = r.periode AND c.kode_opd = r.kode_opd AND c.status = 'belum lapor') AS belum
    FROM mart.opd_ringkasan r
    LEFT JOIN mart.skp_predikat s ON s.periode = r.periode AND s.kode_opd = r.kode_opd
    ORDER BY r.periode, r.kode_opd`);

  const periods = [...new Set(rows.map((r) => r.periode))].sort(urutPeriode);
  const byKey = new Map(rows.map((r) => [`${r.periode}|${r.kode_opd}`, r]));

  const ringkasan = rows.map((r) => {
    const prevPeriode = periodeSebelum(r.periode);
    const prev = prevPeriode ? byKey.get(`${prevPeriode}|${r.kode_opd}`) : undefined;
    const diff = (a: number | null | undefined, b: number | null | undefined) =>
      a == null || b == null ? null : Math.round((a - b) * 100) / 100;
    // Percentages of a predikat group are withheld when that group has 1-4 people (else the count
    // could be recovered from the total).
    const pegawai = suppress(r.jumlah_pegawai);
    return {
      periode: r.periode,
      kode_opd: r.kode_opd,
      jumlah_indikator: r.jumlah_indikator,
      indikator_dilaporkan: r.indikator_dilaporkan,
      indikator_tercapai: r.indikator_tercapai,
      indikator_hampir: r.hampir,
      indikator_tidak: r.tidak,
      indikator_belum_lapor: r.belum,
      rata_capaian: r.rata_capaian,
      status: r.status ?? (r.jumlah_indikator > 0 ? "belum lapor" : null),
      rata_capaian_sebelum: prev?.rata_capaian ?? null,
      selisih_capaian: diff(r.rata_capaian, prev?.rata_capaian),
      periode_ikm: r.periode_ikm,
      ikm: r.ikm,
      mutu: r.mutu,
      selisih_ikm: prev && prev.periode_ikm !== r.periode_ikm ? diff(r.ikm, prev.ikm) : null,
      jumlah_pegawai: pegawai,
      persen_sangat_baik: pegawai == null || suppress(r.sangat_baik) == null ? null : r.persen_sangat_baik,
      persen_butuh_perbaikan_ke_bawah:
        pegawai == null || suppress(r.butuh_ke_bawah) == null ? null : r.persen_butuh_perbaikan_ke_bawah,
      predikat_tidak_konsisten: suppress(r.tidak_konsisten),
    };
  });

  // Headline figures per period: counts over the mart rows of that period (no new indicator).
  const headline = periods.map((p) => {
    const rs = ringkasan.filter((r) => r.periode === p);
    const count = (f: (r: (typeof rs)[number]) => boolean) => rs.filter(f).length;
    const sum = (f: (r: (typeof rs)[number]) => number) => rs.reduce((a, r) => a + f(r), 0);
    return {
      periode: p,
      sebelum: periodeSebelum(p),
      jumlah_opd: rs.length,
      opd_tercapai: count((r) => r.status === "tercapai"),
      opd_hampir: count((r) => r.status === "hampir tercapai"),
      opd_tidak: count((r) => r.status === "tidak tercapai"),
      jumlah_indikator: sum((r) => r.jumlah_indikator),
      indikator_dilaporkan: sum((r) => r.indikator_dilaporkan),
      indikator_tercapai: sum((r) => r.indikator_tercapai),
      indikator_hampir: sum((r) => r.indikator_hampir),
      indikator_tidak: sum((r) => r.indikator_tidak),
      indikator_belum_lapor: sum((r) => r.indikator_belum_lapor),
      opd_mutu_c_d: count((r) => r.mutu === "C" || r.mutu === "D"),
      opd_ikm: count((r) => r.ikm != null),
      periode_ikm: rs.find((r) => r.periode_ikm)?.periode_ikm ?? null,
    };
  });

  // "Perlu perhatian": the rows of mart.perlu_perhatian (signals with their reasons and evidence);
  // the overview shows those of the chosen period and, for a quarter, of its semester (IKM surveys).
  const perhatian = await wh.query<{ periode: string; jenis: string; kode: string; kode_opd: string; tingkat: string; alasan: string; bukti: string; sumber: string }>(
    `SELECT periode, jenis, kode, kode_opd, tingkat, alasan, bukti, sumber FROM mart.perlu_perhatian ORDER BY periode, tingkat, jenis, kode`,
  );

  return {
    meta,
    opd,
    statusRef,
    periode: periods.map((p) => ({ periode: p, jenis: jenisPeriode(p), sebelum: periodeSebelum(p) })),
    ringkasan,
    headline,
    perhatian,
  };
});

writeJson(data);
