// Page data of /layanan (public) and the unit part of /perencanaan: mart.ikm_unit for every unit and
// period with the unit's name, OPD and kecamatan from the reference data, and mart.ikm_opd.
// Respondent counts of 1-4 are withheld (null), as on every public page.
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
  const periode = [...new Set(unit.map((r) => r.periode))].sort(urutPeriode);
  return {
    meta,
    periode,
    kecamatan,
    unit: unit.map((r) => ({ ...r, jumlah_responden: suppress(r.jumlah_responden) })),
    opd: opd.map((r) => ({ ...r, jumlah_responden: suppress(r.jumlah_responden) })),
  };
});

writeJson(data);
