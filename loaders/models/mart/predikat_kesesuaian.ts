// Rating distribution check (METHODS §6; DESIGN §5, SE MenPANRB 3/2023): per year and OPD, the
// organisation's predikat from its annual IKU capaian (project rule in
// loaders/analytics/rating-distribution.ts: mean capaian capped at 120, belum lapor excluded; ≥ 110
// Istimewa, ≥ 100 Baik, ≥ 90 Butuh Perbaikan, ≥ 75 Kurang, else Sangat Kurang) against its employees'
// predikat distribution (mart.skp_predikat); capaian from mart.indikator_capaian. A mismatch lists the
// failed rules with the shares. Never a ranking of OPD on rating shares.
import type { Warehouse } from "../../warehouse/connection.ts";
import type { SkpPredikatTable } from "../../warehouse/schema.ts";
import { alasanDistribusi, checkDistribution, predikatOrganisasi } from "../../analytics/rating-distribution.ts";
import { groupBy, writeTable, type Columns } from "../../analytics/table.ts";

export interface PredikatKesesuaianRow {
  periode: string;
  kode_opd: string;
  jumlah_indikator: number;
  rata_capaian: number | null;
  predikat_organisasi: string | null;
  jumlah_pegawai: number;
  sangat_baik: number;
  baik: number;
  butuh_perbaikan: number;
  kurang: number;
  sangat_kurang: number;
  persen_sangat_baik: number;
  persen_baik: number;
  persen_butuh_perbaikan_ke_bawah: number;
  /** null when the organisation has no predikat (no annual capaian). */
  sesuai: boolean | null;
  /** Machine ids of the failed rules, comma-separated. */
  aturan_gagal: string | null;
  alasan: string | null;
}

export const PREDIKAT_KESESUAIAN_COLUMNS: Columns<PredikatKesesuaianRow> = [
  ["periode", "VARCHAR"],
  ["kode_opd", "VARCHAR"],
  ["jumlah_indikator", "INTEGER"],
  ["rata_capaian", "DOUBLE"],
  ["predikat_organisasi", "VARCHAR"],
  ["jumlah_pegawai", "INTEGER"],
  ["sangat_baik", "INTEGER"],
  ["baik", "INTEGER"],
  ["butuh_perbaikan", "INTEGER"],
  ["kurang", "INTEGER"],
  ["sangat_kurang", "INTEGER"],
  ["persen_sangat_baik", "DOUBLE"],
  ["persen_baik", "DOUBLE"],
  ["persen_butuh_perbaikan_ke_bawah", "DOUBLE"],
  ["sesuai", "BOOLEAN"],
  ["aturan_gagal", "VARCHAR"],
  ["alasan", "VARCHAR"],
];

/** What this model reads of mart.skp_predikat. */
type SkpRow = Omit<SkpPredikatTable, "predikat_tidak_konsisten">;

export default async function build(wh: Warehouse, table: string): Promise<void> {
  const skp = await wh.query<SkpRow>(`
    SELECT periode, kode_opd, jumlah_pegawai, sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang
    FROM mart.skp_predikat WHERE periode_jenis(periode) = 'tahun' AND jumlah_pegawai > 0
    ORDER BY periode, kode_opd`);
  const capaian = await wh.query<{ periode: string; kode_opd: string; capaian: number | null }>(`
    SELECT periode, kode_opd, capaian FROM mart.indikator_capaian WHERE periode_jenis(periode) = 'tahun'`);
  const byKey = groupBy(capaian, (r) => `${r.periode}|${r.kode_opd}`);
  const rows = skp.map((s): PredikatKesesuaianRow => {
    const org = predikatOrganisasi((byKey.get(`${s.periode}|${s.kode_opd}`) ?? []).map((r) => r.capaian));
    const counts = { "Sangat Baik": s.sangat_baik, Baik: s.baik, "Butuh Perbaikan": s.butuh_perbaikan, Kurang: s.kurang, "Sangat Kurang": s.sangat_kurang };
    const check = org ? checkDistribution(org.predikat, counts) : null;
    const t = s.jumlah_pegawai;
    return {
      periode: s.periode,
      kode_opd: s.kode_opd,
      jumlah_indikator: org?.jumlahIndikator ?? 0,
      rata_capaian: org?.rataRata ?? null,
      predikat_organisasi: org?.predikat ?? null,
      jumlah_pegawai: t,
      sangat_baik: s.sangat_baik,
      baik: s.baik,
      butuh_perbaikan: s.butuh_perbaikan,
      kurang: s.kurang,
      sangat_kurang: s.sangat_kurang,
      persen_sangat_baik: (100 * s.sangat_baik) / t,
      persen_baik: (100 * s.baik) / t,
      persen_butuh_perbaikan_ke_bawah: (100 * (s.butuh_perbaikan + s.kurang + s.sangat_kurang)) / t,
      sesuai: check ? check.sesuai : null,
      aturan_gagal: check && !check.sesuai ? check.gagal.map((g) => g.aturan).join(",") : null,
      alasan: check ? alasanDistribusi(check, { sembunyikanKecil: true }) : null,
    };
  });
  await writeTable(wh, table, PREDIKAT_KESESUAIAN_COLUMNS, rows);
}
