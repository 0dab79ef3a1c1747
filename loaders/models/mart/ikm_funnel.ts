// Funnel plot of IKM across service units per period (METHODS §1; Spiegelhalter 2005): the unit's IKM
// against its respondents, limits at 95% and 99,8%, with the pooled within-unit SD of respondent scores
// (from core.skm_respon) and an additive random-effects τ². Each unit is compared with the city WITHOUT
// that unit (funnelMean's default 'leave_one_out', issue 7): target = θ0,−i, the respondent-weighted IKM
// of the other units; tau2 = τ²_−i from the other units (winsorised z, winsor_mixture estimator); the
// limits θ0,−i ± z·√(s² + τ²_−i + Var(θ0,−i)) at the unit's own n. So every row carries its own target,
// tau2 and limits (they do not lie on one curve); target_kota and tau2_kota are the period's whole-city
// values (all units; tau2_kota feeds rankability). This deviates from METHODS' single DerSimonian-Laird
// τ² because that misses the issue-7 target under real between-unit spread (loaders/analytics/RATES.md).
// A period is built with ≥ 2 units and some spread in respondents' scores; with exactly 2 units each is
// compared with the other (τ²_−i = 0: one other unit cannot show between-unit variance; a two-sample z
// test), with 3 or more τ²_−i is estimated from the others with ≥ 10 respondents (0 when fewer than 2
// of them). Periods and units are those of mart.ikm_unit.
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
  /** θ0,−i: respondent-weighted IKM of the period's OTHER units (the unit's reference). */
  target: number;
  /** z_D = (ikm − θ0,−i)/√(s² + τ²_−i + Var(θ0,−i)). */
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
  /** τ²_−i: between-unit variance estimated from the other units. */
  tau2: number;
  /** Var(θ0,−i) = Σ_j≠i (n_j/N_−i)²·(s_j² + τ²_−i), the uncertainty of the target. */
  varians_target: number;
  /** s = sw/√n. */
  se: number;
  /** Respondent-weighted IKM of all the period's units ("rata-rata kota"). */
  target_kota: number;
  /** τ² of all the period's units (same estimator), for summaries and rankability. */
  tau2_kota: number;
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
  ["varians_target", "DOUBLE"],
  ["se", "DOUBLE"],
  ["target_kota", "DOUBLE"],
  ["tau2_kota", "DOUBLE"],
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
        target: r.target,
        z: r.zD,
        batas_bawah_95: r.bawah95,
        batas_bawah_998: r.bawah998,
        batas_atas_95: r.atas95,
        batas_atas_998: r.atas998,
        sinyal: r.sinyalMentah,
        sampel_kecil: u.jumlah_responden < SAMPEL_KECIL,
        sampel_minimum: u.sampel_minimum,
        sw: f.sw,
        tau2: r.tau2,
        varians_target: r.targetVar,
        se: r.se,
        target_kota: f.theta0,
        tau2_kota: f.tau2,
        jumlah_unit: units.length,
      });
    });
  }
  await writeTable(wh, table, IKM_FUNNEL_COLUMNS, rows);
}
