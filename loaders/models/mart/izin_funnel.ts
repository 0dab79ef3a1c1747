// Funnel plot of the share of permits decided on time, by jenis_izin per year and quarter (METHODS §2;
// Spiegelhalter 2005): exact binomial limits with interpolation (normal when n·θ0·(1 − θ0) ≥ 10),
// and with real between-type variation the arcsine-root limits with additive τ². Denominator: permits
// issued (status terbit) in the period, as in mart.izin_sla.selesai; numerator: those within the SLA.
// Counted from core.izin_permohonan and core.periode (mart.izin_sla keeps only the rounded share).
import type { Warehouse } from "../../warehouse/connection.ts";
import { funnelProportion } from "../../analytics/funnel-proportion.ts";
import { groupBy, writeTable, type Columns } from "../../analytics/table.ts";

/** Types with fewer decided permits than this are marked sampel_kecil (never listed as alarms). */
export const IZIN_SAMPEL_KECIL = 10;

export interface IzinFunnelRow {
  periode: string;
  kode_izin: string;
  jenis_izin: string;
  kode_opd: string;
  /** Permits issued in the period (the funnel's n). */
  jumlah: number;
  tepat_waktu: number;
  proporsi: number;
  /** θ0 = Σ on time / Σ issued over the types of the period. */
  target: number;
  /** z_D on the arcsine-root scale. */
  z: number;
  batas_bawah_95: number;
  batas_bawah_998: number;
  batas_atas_95: number;
  batas_atas_998: number;
  /** exact | normal | arcsine */
  metode: string;
  sinyal: string;
  sampel_kecil: boolean;
  /** τ² on the arcsine-root scale. */
  tau2: number;
  jumlah_jenis: number;
}

export const IZIN_FUNNEL_COLUMNS: Columns<IzinFunnelRow> = [
  ["periode", "VARCHAR"],
  ["kode_izin", "VARCHAR"],
  ["jenis_izin", "VARCHAR"],
  ["kode_opd", "VARCHAR"],
  ["jumlah", "INTEGER"],
  ["tepat_waktu", "INTEGER"],
  ["proporsi", "DOUBLE"],
  ["target", "DOUBLE"],
  ["z", "DOUBLE"],
  ["batas_bawah_95", "DOUBLE"],
  ["batas_bawah_998", "DOUBLE"],
  ["batas_atas_95", "DOUBLE"],
  ["batas_atas_998", "DOUBLE"],
  ["metode", "VARCHAR"],
  ["sinyal", "VARCHAR"],
  ["sampel_kecil", "BOOLEAN"],
  ["tau2", "DOUBLE"],
  ["jumlah_jenis", "INTEGER"],
];

interface Input {
  periode: string;
  kode_izin: string;
  jenis_izin: string;
  kode_opd: string;
  n: number;
  r: number;
}

export default async function build(wh: Warehouse, table: string): Promise<void> {
  const input = await wh.query<Input>(`
    SELECT p.periode, a.kode_izin, any_value(a.jenis_izin) AS jenis_izin, any_value(a.kode_opd) AS kode_opd,
      count(*) AS n, count(*) FILTER (WHERE a.tepat_waktu) AS r
    FROM core.izin_permohonan a
    JOIN core.periode p ON a.tanggal_terbit BETWEEN p.awal AND p.akhir
    WHERE a.status = 'terbit'
    GROUP BY p.periode, a.kode_izin
    ORDER BY p.periode, a.kode_izin`);
  const rows: IzinFunnelRow[] = [];
  for (const [periode, types] of groupBy(input, (r) => r.periode)) {
    const f = funnelProportion(types.map((t) => ({ kode: t.kode_izin, n: t.n, r: t.r })), { minN: IZIN_SAMPEL_KECIL });
    f.units.forEach((u, i) => {
      const t = types[i];
      rows.push({
        periode,
        kode_izin: t.kode_izin,
        jenis_izin: t.jenis_izin,
        kode_opd: t.kode_opd,
        jumlah: t.n,
        tepat_waktu: t.r,
        proporsi: u.p,
        target: f.theta0,
        z: u.zD,
        batas_bawah_95: u.bawah95,
        batas_bawah_998: u.bawah998,
        batas_atas_95: u.atas95,
        batas_atas_998: u.atas998,
        metode: u.metode,
        sinyal: u.sinyalMentah,
        sampel_kecil: u.sampelKecil,
        tau2: f.tau2,
        jumlah_jenis: types.length,
      });
    });
  }
  await writeTable(wh, table, IZIN_FUNNEL_COLUMNS, rows);
}
