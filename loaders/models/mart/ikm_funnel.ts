// Funnel plot of IKM across service units per period (METHODS §1; Spiegelhalter 2005): the unit's IKM
// against its respondents, limits at 95% and 99,8% around the respondent-weighted city value, with
// the pooled within-unit SD of respondent scores (from core.skm_respon) and the additive
// random-effects τ² (winsorised z, DerSimonian-Laird). Periods and units are those of mart.ikm_unit.
// A unit with fewer than SAMPEL_KECIL respondents keeps its signal on the plot but is marked
// sampel_kecil: the "perlu perhatian" list never shows it as an alarm and the rank intervals never rank it.
import type { Warehouse } from "../../warehouse/connection.ts";
import { funnelMean, SAMPEL_KECIL } from "../../analytics/funnel-mean.ts";
import { groupBy, writeTable, type Columns } from "../../analytics/table.ts";

export interface IkmFunnelRow {
  periode: string;
  kode_unit: string;
  kode_opd: string;
  jumlah_responden: number;
  ikm: number;
  /** θ0: respondent-weighted city IKM of the period. */
  target: number;
  /** z_D = (ikm − θ0)/√(s² + τ²). */
  z: number;
  batas_bawah_95: number;
  batas_bawah_998: number;
  batas_atas_95: number;
  batas_atas_998: number;
  sinyal: string;
  sampel_kecil: boolean;
  sampel_minimum: number | null;
  /** Pooled within-unit SD of respondent scores (the period's). */
  sw: number;
  tau2: number;
  /** s = sw/√n. */
  se: number;
  jumlah_unit: number;
}

export const IKM_FUNNEL_COLUMNS: Columns<IkmFunnelRow> = [
  ["periode", "VARCHAR"],
  ["kode_unit", "VARCHAR"],
  ["kode_opd", "VARCHAR"],
  ["jumlah_responden", "INTEGER"],
  ["ikm", "DOUBLE"],
  ["target", "DOUBLE"],
  ["z", "DOUBLE"],
  ["batas_bawah_95", "DOUBLE"],
  ["batas_bawah_998", "DOUBLE"],
  ["batas_atas_95", "DOUBLE"],
  ["batas_atas_998", "DOUBLE"],
  ["sinyal", "VARCHAR"],
  ["sampel_kecil", "BOOLEAN"],
  ["sampel_minimum", "INTEGER"],
  ["sw", "DOUBLE"],
  ["tau2", "DOUBLE"],
  ["se", "DOUBLE"],
  ["jumlah_unit", "INTEGER"],
];

/**
 * Per period (semester and year, as mart.ikm_unit) and unit: the unit's IKM with the count, mean and
 * SD of its respondent scores from core.skm_respon. Shared with mart.ikm_perubahan.
 */
export const RINGKASAN_SKOR_SQL = `
  WITH r AS (
    SELECT semester AS periode, kode_unit, skor_responden FROM core.skm_respon
    UNION ALL
    SELECT CAST(tahun AS VARCHAR) AS periode, kode_unit, skor_responden FROM core.skm_respon
  ), s AS (
    SELECT periode, kode_unit, count(skor_responden) AS n, avg(skor_responden) AS mean, stddev_samp(skor_responden) AS sd
    FROM r GROUP BY periode, kode_unit
  )
  SELECT u.periode, u.kode_unit, u.kode_opd, u.jumlah_responden, u.ikm, u.sampel_minimum, s.n, s.mean, s.sd
  FROM mart.ikm_unit u LEFT JOIN s USING (periode, kode_unit)
  WHERE u.ikm IS NOT NULL
  ORDER BY u.periode, u.kode_unit`;

export interface RingkasanSkor {
  periode: string;
  kode_unit: string;
  kode_opd: string;
  jumlah_responden: number;
  ikm: number;
  sampel_minimum: number | null;
  /** Respondents with a score, their mean and SD (null without scores / with one). */
  n: number | null;
  mean: number | null;
  sd: number | null;
}

export default async function build(wh: Warehouse, table: string): Promise<void> {
  const input = (await wh.query<RingkasanSkor>(RINGKASAN_SKOR_SQL)).map((u) => ({
    ...u,
    // Σ (r − unit mean)² of the unit's respondent scores.
    ss: u.sd == null || u.n == null ? 0 : u.sd * u.sd * (u.n - 1),
  }));
  const rows: IkmFunnelRow[] = [];
  const byPeriode = groupBy(input, (r) => r.periode);
  for (const [periode, units] of byPeriode) {
    // Nothing to compare: one unit is the city value itself, and without any spread in respondents'
    // scores (sw = 0) the limits collapse onto θ0. Such a period has no funnel rather than NULL z.
    if (units.length < 2 || units.reduce((a, u) => a + u.jumlah_responden, 0) - units.length <= 0) continue;
    const f = funnelMean(units.map((u) => ({ kode: u.kode_unit, n: u.jumlah_responden, mean: u.ikm, ss: u.ss })));
    if (!(f.sw > 0)) continue;
    f.units.forEach((r, i) => {
      const u = units[i];
      rows.push({
        periode,
        kode_unit: u.kode_unit,
        kode_opd: u.kode_opd,
        jumlah_responden: u.jumlah_responden,
        ikm: u.ikm,
        target: f.theta0,
        z: r.zD,
        batas_bawah_95: r.bawah95,
        batas_bawah_998: r.bawah998,
        batas_atas_95: r.atas95,
        batas_atas_998: r.atas998,
        sinyal: r.sinyalMentah,
        sampel_kecil: u.jumlah_responden < SAMPEL_KECIL,
        sampel_minimum: u.sampel_minimum,
        sw: f.sw,
        tau2: f.tau2,
        se: r.se,
        jumlah_unit: units.length,
      });
    });
  }
  await writeTable(wh, table, IKM_FUNNEL_COLUMNS, rows);
}
