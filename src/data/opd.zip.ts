// One archive, one JSON per OPD (opd/<kode_opd>.json), so the thirty OPD pages cost one loader
// process instead of thirty. Each file: the OPD's IKU capaian for every period, the IKM of its
// service units, the predikat distribution of its ASN (counts of 1-4 people withheld), and what
// changed between the last two periods (differences of mart values: presentation only).
// Also: the automatic sentence per period (loaders/narasi/otomatis.ts), the authors' commentary
// (data/narasi, as plain-text blocks) and the latest revision of each of the OPD's published figures.
import path from "node:path";
import JSZip from "jszip";
import { siteMeta, suppress, withReadOnlyWarehouse } from "./lib/warehouse.ts";
import { periodeSebelum, urutPeriode } from "./lib/periode.ts";
import { hitungStatus, kalimatOpd } from "../../loaders/narasi/otomatis.ts";
import { adaNomorPribadi, blokTeks, listNarasi } from "../../loaders/narasi/narasi.ts";
import { daftarRevisi } from "../../loaders/revisions/revisi.ts";

const NARASI_DIR = path.resolve(process.env.KINERJA_NARASI ?? path.join("data", "narasi"));

type Row = Record<string, unknown>;
const PREDIKAT = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"] as const;

/** Primary suppression of 1-4, and secondary suppression so a single withheld cell cannot be
 *  recovered from the total: if exactly one cell is withheld, the next smallest non-zero one is too. */
function suppressDistribution(row: Record<(typeof PREDIKAT)[number], number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of PREDIKAT) out[k] = suppress(row[k]);
  const hidden = PREDIKAT.filter((k) => out[k] == null);
  if (hidden.length === 1) {
    const next = PREDIKAT.filter((k) => out[k] != null && (out[k] as number) > 0).sort((a, b) => row[a] - row[b])[0];
    if (next) out[next] = null;
  }
  return out;
}

const zip = new JSZip();
await withReadOnlyWarehouse(async (wh) => {
  const meta = await siteMeta(wh);
  const opds = await wh.query<{ kode_opd: string; nama_opd: string; singkatan: string; jenis: string }>(
    `SELECT kode_opd, nama_opd, singkatan, jenis FROM ref.opd ORDER BY kode_opd`,
  );
  const indikatorRef = await wh.query<Row & { kode_opd: string }>(
    `SELECT kode_indikator, nama_indikator, definisi, rumus, satuan, polaritas, kode_opd, sumber FROM ref.indikator ORDER BY kode_indikator`,
  );
  const capaian = await wh.query<Row & { kode_opd: string; periode: string; kode_indikator: string; status: string | null }>(
    `SELECT periode, kode_opd, kode_indikator, nama_indikator, satuan, polaritas, target, target_atas, realisasi, capaian, status
     FROM mart.indikator_capaian ORDER BY kode_indikator, periode`,
  );
  const units = await wh.query<Row & { kode_opd: string; periode: string; kode_unit: string; nama_unit: string; jumlah_responden: number; ikm: number; mutu: string }>(
    `SELECT i.periode, i.kode_unit, u.nama_unit, i.kode_opd, w.nama AS kecamatan, i.jumlah_responden, i.ikm, i.mutu, i.kinerja_unit,
            i.ikm_bawah, i.ikm_atas, i.jumlah_layanan, i.sampel_minimum, i.sampel_memadai
     FROM mart.ikm_unit i JOIN ref.unit_layanan u USING (kode_unit) LEFT JOIN ref.wilayah w ON w.kode = u.kode_kecamatan
     ORDER BY i.kode_unit, i.periode`,
  );
  const predikat = await wh.query<Row & { kode_opd: string; periode: string } & Record<(typeof PREDIKAT)[number], number> & { jumlah_pegawai: number; predikat_tidak_konsisten: number }>(
    `SELECT * FROM mart.skp_predikat ORDER BY periode`,
  );

  // Permits and complaints: the latest year and the quarters of that year.
  const tahunIzin = (await wh.query<{ t: string | null }>(`SELECT max(periode) AS t FROM mart.izin_sla WHERE length(periode) = 4`))[0]?.t ?? "";
  const izin = await wh.query<Row & { kode_opd: string }>(
    `SELECT s.periode, s.kode_opd, s.kode_izin, s.jenis_izin, s.jumlah, s.selesai, s.ditolak, j.sla_hari_kerja,
            s.median_hari_kerja, s.p90_hari_kerja, s.persen_tepat_waktu, s.backlog
     FROM mart.izin_sla s LEFT JOIN ref.jenis_izin j ON j.kode_izin = s.kode_izin
     WHERE substr(s.periode, 1, 4) = ? ORDER BY s.jenis_izin, s.periode`,
    [tahunIzin],
  );
  const tahunAduan = (await wh.query<{ t: string | null }>(`SELECT max(periode) AS t FROM mart.pengaduan_opd WHERE length(periode) = 4`))[0]?.t ?? "";
  const pengaduan = await wh.query<Row & { kode_opd: string }>(
    `SELECT periode, kode_opd, jumlah, persen_tanggapan_3_hari, persen_selesai_tepat_waktu, median_hari_selesai, selesai, belum_selesai
     FROM mart.pengaduan_opd WHERE substr(periode, 1, 4) = ? ORDER BY periode`,
    [tahunAduan],
  );

  const ringkasan = await wh.query<{ periode: string; kode_opd: string; rata_capaian: number | null }>(
    `SELECT periode, kode_opd, rata_capaian FROM mart.opd_ringkasan`,
  );
  // A commentary holding what looks like a NIK or NIP is withheld (the page says so).
  const narasi = listNarasi(NARASI_DIR).map((n) =>
    adaNomorPribadi([n.ringkasan, n.pendorong, n.penghambat, n.tindakLanjut, ...n.lainnya.map((l) => l.teks)].join("\n"))
      ? { ...n, ringkasan: "Narasi untuk periode ini ditahan karena memuat nomor yang tampak seperti NIK atau NIP; pengelola data perlu memperbaikinya.", pendorong: "", penghambat: "", tindakLanjut: "", lainnya: [] }
      : n,
  );
  // Counts of people 1-4 are withheld in revisions too.
  const revisi = (await daftarRevisi(wh, { terakhirPerAngka: true })).map((r) =>
    r.kolom === "jumlah_responden" ? { ...r, nilai_lama: suppress(r.nilai_lama), nilai_baru: suppress(r.nilai_baru) } : r,
  );

  for (const o of opds) {
    const ind = capaian.filter((r) => r.kode_opd === o.kode_opd);
    const un = units
      .filter((r) => r.kode_opd === o.kode_opd)
      .map((r) => ({ ...r, jumlah_responden: suppress(r.jumlah_responden) }));
    const pr = predikat
      .filter((r) => r.kode_opd === o.kode_opd)
      .map((r) => ({
        periode: r.periode,
        jumlah_pegawai: suppress(r.jumlah_pegawai),
        ...suppressDistribution(r),
        predikat_tidak_konsisten: suppress(r.predikat_tidak_konsisten),
      }));

    // What changed: the latest quarter against the one before, per indicator; the latest semester
    // against the one before, per unit.
    const quarters = [...new Set(ind.map((r) => r.periode).filter((p) => p.includes("-Q")))].sort(urutPeriode);
    const q = quarters.at(-1) ?? null;
    const qPrev = q ? periodeSebelum(q) : null;
    const perubahanIku = q
      ? ind
          .filter((r) => r.periode === q)
          .map((r) => {
            const p = ind.find((x) => x.periode === qPrev && x.kode_indikator === r.kode_indikator);
            const a = r.capaian as number | null;
            const b = (p?.capaian ?? null) as number | null;
            return {
              kode_indikator: r.kode_indikator,
              nama_indikator: r.nama_indikator,
              status: r.status,
              status_sebelum: p?.status ?? null,
              capaian: a,
              capaian_sebelum: b,
              selisih: a == null || b == null ? null : Math.round((a - b) * 100) / 100,
            };
          })
      : [];
    const semesters = [...new Set(un.map((r) => r.periode).filter((p) => p.includes("-S")))].sort(urutPeriode);
    const s = semesters.at(-1) ?? null;
    const sPrev = s ? periodeSebelum(s) : null;
    const perubahanIkm = s
      ? un
          .filter((r) => r.periode === s)
          .map((r) => {
            const p = un.find((x) => x.periode === sPrev && x.kode_unit === r.kode_unit);
            return {
              kode_unit: r.kode_unit,
              nama_unit: r.nama_unit,
              ikm: r.ikm,
              ikm_sebelum: p?.ikm ?? null,
              mutu: r.mutu,
              mutu_sebelum: p?.mutu ?? null,
              selisih: p ? Math.round((r.ikm - (p.ikm as number)) * 100) / 100 : null,
            };
          })
      : [];

    // One automatic sentence per period of the IKU (quarters against quarters, years against years).
    const ringkasanOpd = new Map(ringkasan.filter((r) => r.kode_opd === o.kode_opd).map((r) => [r.periode, r]));
    const ringkasIku = (p: string) => {
      const rows = ind.filter((r) => r.periode === p);
      if (!rows.length) return null;
      return { periode: p, rata_capaian: ringkasanOpd.get(p)?.rata_capaian ?? null, ...hitungStatus(rows) };
    };
    const kalimat: Record<string, string> = {};
    for (const p of new Set(ind.map((r) => r.periode))) {
      const sekarang = ringkasIku(p)!;
      const prev = periodeSebelum(p);
      kalimat[p] = kalimatOpd({ nama_opd: o.nama_opd, sekarang, sebelum: prev ? ringkasIku(prev) : null });
    }
    const narasiOpd = narasi
      .filter((n) => n.kodeOpd === o.kode_opd)
      .map((n) => ({
        periode: n.periode,
        ringkasan: blokTeks(n.ringkasan),
        bagian: [
          { judul: "Faktor pendorong", blok: blokTeks(n.pendorong) },
          { judul: "Faktor penghambat", blok: blokTeks(n.penghambat) },
          { judul: "Tindak lanjut", blok: blokTeks(n.tindakLanjut) },
          ...n.lainnya.map((l) => ({ judul: l.judul, blok: blokTeks(l.teks) })),
        ].filter((b) => b.blok.length > 0),
      }));

    zip.file(
      `${o.kode_opd}.json`,
      JSON.stringify({
        meta,
        opd: o,
        indikatorRef: indikatorRef.filter((r) => r.kode_opd === o.kode_opd),
        capaian: ind,
        unit: un,
        predikat: pr,
        izin: izin.filter((r) => r.kode_opd === o.kode_opd),
        pengaduan: pengaduan.filter((r) => r.kode_opd === o.kode_opd),
        kalimat,
        narasi: narasiOpd,
        revisi: revisi
          .filter((r) => r.kode_opd === o.kode_opd)
          .map(({ mart, periode, kode, kolom, angka, nama, nilai_lama, nilai_baru, tanggal }) => ({ mart, periode, kode, kolom, angka, nama, nilai_lama, nilai_baru, tanggal })),
        perubahan: { triwulan: q, triwulan_sebelum: qPrev, iku: perubahanIku, semester: s, semester_sebelum: sPrev, ikm: perubahanIkm },
      }),
    );
  }
});

process.stdout.write(await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
