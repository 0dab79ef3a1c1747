// Page data of /layanan (public) and the unit part of /perencanaan: mart.ikm_unit for every unit and
// period with the unit's name, OPD and kecamatan from the reference data, and mart.ikm_opd.
// Respondent counts of 1-4 are withheld (null), as on every public page. Also the yearly rows of
// mart.izin_sla per jenis izin with city totals (computed in SQL), and mart.pengaduan_opd per OPD
// for the latest year.
import { siteMeta, suppress, withReadOnlyWarehouse, writeJson } from "./lib/warehouse.ts";
import { urutPeriode } from "./lib/periode.ts";

const data = await withReadOnlyWarehouse(async (wh) => {
  const meta = await siteMeta(wh);
  const unit = await wh.query<Record<string, unknown> & { jumlah_responden: number; periode: string }>(`
    SELECT i.periode, i.kode_unit, u.nama_unit, i.kode_opd, o.singkatan AS opd, u.kode_kecamatan, w.nama AS kecamatan,
      i.jumlah_responden, i.nrr_persyaratan, i.nrr_prosedur, i.nrr_waktu, i.nrr_biaya, i.nrr_produk,
      i.nrr_kompetensi, i.nrr_perilaku, i.nrr_pengaduan, i.nrr_sarana,
      i.ikm, i.mutu, i.kinerja_unit, i.ikm_bawah, i.ikm_atas, i.jumlah_layanan, i.sampel_minimum, i.sampel_memadai
    FROM mart.ikm_unit i
    JOIN ref.unit_layanan u USING (kode_unit)
    JOIN ref.opd o ON o.kode_opd = i.kode_opd
    LEFT JOIN ref.wilayah w ON w.kode = u.kode_kecamatan
    ORDER BY i.periode, i.kode_unit`);
  const opd = await wh.query<Record<string, unknown> & { jumlah_responden: number }>(`
    SELECT k.periode, k.kode_opd, o.singkatan AS opd, o.nama_opd, k.jumlah_unit, k.jumlah_responden, k.ikm, k.mutu
    FROM mart.ikm_opd k JOIN ref.opd o USING (kode_opd) ORDER BY k.periode, k.kode_opd`);
  const kecamatan = await wh.query<{ kode: string; nama: string }>(
    `SELECT kode, nama FROM ref.wilayah WHERE tingkat = 'kecamatan' ORDER BY kode`,
  );
  const izin = await wh.query<Record<string, unknown> & { periode: string }>(`
    SELECT s.periode, s.kode_opd, o.singkatan AS opd, s.kode_izin, s.jenis_izin, s.jumlah, s.selesai, s.ditolak,
      j.sla_hari_kerja, s.median_hari_kerja, s.p90_hari_kerja, s.persen_tepat_waktu, s.backlog
    FROM mart.izin_sla s JOIN ref.opd o USING (kode_opd) LEFT JOIN ref.jenis_izin j ON j.kode_izin = s.kode_izin
    WHERE length(s.periode) = 4
    ORDER BY s.periode, s.jenis_izin`);
  // City totals per year: counts are sums; % on time is weighted by finished permits; medians of
  // different permits cannot be combined, so none is given.
  const izinKota = await wh.query<Record<string, unknown> & { periode: string }>(`
    SELECT periode, sum(jumlah)::BIGINT AS jumlah, sum(selesai)::BIGINT AS selesai, sum(ditolak)::BIGINT AS ditolak,
      round(sum(persen_tepat_waktu * selesai) / nullif(sum(selesai) FILTER (WHERE persen_tepat_waktu IS NOT NULL), 0), 1) AS persen_tepat_waktu,
      sum(backlog)::BIGINT AS backlog
    FROM mart.izin_sla WHERE length(periode) = 4 GROUP BY periode ORDER BY periode`);
  const pengaduan = await wh.query<Record<string, unknown> & { periode: string }>(`
    SELECT p.periode, p.kode_opd, o.singkatan AS opd, o.nama_opd, p.jumlah, p.persen_tanggapan_3_hari,
      p.persen_selesai_tepat_waktu, p.median_hari_selesai, p.selesai, p.belum_selesai
    FROM mart.pengaduan_opd p JOIN ref.opd o USING (kode_opd)
    WHERE p.periode = (SELECT max(periode) FROM mart.pengaduan_opd WHERE length(periode) = 4)
    ORDER BY p.jumlah DESC, p.kode_opd`);
  const tahunIzin = [...new Set(izin.map((r) => r.periode))].sort(urutPeriode);
  const periode = [...new Set(unit.map((r) => r.periode))].sort(urutPeriode);
  return {
    meta,
    periode,
    kecamatan,
    unit: unit.map((r) => ({ ...r, jumlah_responden: suppress(r.jumlah_responden) })),
    opd: opd.map((r) => ({ ...r, jumlah_responden: suppress(r.jumlah_responden) })),
    izin: { tahun: tahunIzin, terakhir: tahunIzin.at(-1) ?? null, jenis: izin, kota: izinKota },
    pengaduan: { tahun: pengaduan[0]?.periode ?? null, opd: pengaduan },
  };
});

writeJson(data);
