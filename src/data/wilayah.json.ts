// Page data of /wilayah: mart.wilayah_layanan (service quality per kecamatan and period), the four
// kecamatan with their desa/kelurahan from the reference data (idn-area-data), and the service units
// located in each. Respondent counts of 1-4 are withheld (null), as on every public page.
import { siteMeta, suppress, withReadOnlyWarehouse, writeJson } from "./lib/warehouse.ts";
import { urutPeriode } from "./lib/periode.ts";

const data = await withReadOnlyWarehouse(async (wh) => {
  const meta = await siteMeta(wh);
  const rows = await wh.query<Record<string, unknown> & { periode: string; jumlah_responden: number }>(
    `SELECT * FROM mart.wilayah_layanan ORDER BY periode, kode_kecamatan NULLS LAST`,
  );
  const kecamatan = await wh.query<{ kode: string; nama: string }>(
    `SELECT kode, nama FROM ref.wilayah WHERE tingkat = 'kecamatan' ORDER BY kode`,
  );
  const desa = await wh.query<{ kode: string; nama: string; tingkat: string; kode_induk: string }>(
    `SELECT kode, nama, tingkat, kode_induk FROM ref.wilayah WHERE tingkat IN ('desa', 'kelurahan') ORDER BY kode`,
  );
  const unit = await wh.query<{ kode_unit: string; nama_unit: string; kode_kecamatan: string | null; opd: string }>(
    `SELECT u.kode_unit, u.nama_unit, u.kode_kecamatan, o.singkatan AS opd
     FROM ref.unit_layanan u JOIN ref.opd o USING (kode_opd) ORDER BY u.nama_unit`,
  );
  return {
    meta,
    periode: [...new Set(rows.map((r) => r.periode))].sort(urutPeriode),
    baris: rows.map((r) => ({ ...r, jumlah_responden: suppress(r.jumlah_responden) })),
    kecamatan: kecamatan.map((k) => ({
      ...k,
      desa: desa.filter((d) => d.kode_induk === k.kode).map(({ kode, nama, tingkat }) => ({ kode, nama, tingkat })),
      unit: unit.filter((u) => u.kode_kecamatan === k.kode).map(({ nama_unit, opd }) => ({ nama_unit, opd })),
    })),
  };
});

writeJson(data);
