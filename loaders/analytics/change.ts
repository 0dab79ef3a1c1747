// Change between two periods for many units (METHODS.md §4): Welch's unequal-variance t test from
// summary statistics (Welch 1947; Satterthwaite degrees of freedom), the "fell more than the city"
// contrast, and Benjamini & Hochberg (1995, JRSS B 57:289) false discovery rate control across units.
import { tCdf } from "./dist.ts";

export interface SummaryStats {
  n: number;
  mean: number;
  /** Sample SD (n − 1 denominator). */
  sd: number;
}

export interface WelchResult {
  /** Δ (second minus first). */
  delta: number;
  se: number;
  /** Welch-Satterthwaite degrees of freedom. */
  df: number;
  t: number;
  /** Two-sided p = 2·(1 − T_ν(|t|)). */
  p: number;
  /** One-sided p for a fall (Δ < 0): T_ν(t). */
  pTurun: number;
}

/** Welch-Satterthwaite test for a sum of independent variance components v_k = s_k²/n_k. */
function welchFromComponents(delta: number, comps: readonly { v: number; n: number }[]): WelchResult {
  const varSum = comps.reduce((a, c) => a + c.v, 0);
  const se = Math.sqrt(varSum);
  const df = (varSum * varSum) / comps.reduce((a, c) => a + (c.v * c.v) / (c.n - 1), 0);
  const t = delta / se;
  // 2·T(−|t|) equals 2·(1 − T(|t|)) and keeps precision for large |t|.
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  return { delta, se, df, t, p, pTurun: tCdf(t, df) };
}

/** Welch from summary statistics: Δ = ȳ2 − ȳ1, SE = √(s1²/n1 + s2²/n2), ν = SE⁴/Σ((s²/n)²/(n − 1)). */
export function welch(before: SummaryStats, after: SummaryStats): WelchResult {
  if (before.n < 2 || after.n < 2) throw new Error("welch: each period needs n ≥ 2");
  return welchFromComponents(after.mean - before.mean, [
    { v: (before.sd * before.sd) / before.n, n: before.n },
    { v: (after.sd * after.sd) / after.n, n: after.n },
  ]);
}

/**
 * Summary statistics of the rest of the city (city minus the unit), from both groups' summaries:
 * SS_city = SS_unit + SS_rest + n_u(ȳ_u − ȳ_c)² + n_r(ȳ_r − ȳ_c)².
 */
export function restOfCity(city: SummaryStats, unit: SummaryStats): SummaryStats {
  const n = city.n - unit.n;
  if (n < 2) throw new Error("restOfCity: the rest of the city needs n ≥ 2");
  const mean = (city.n * city.mean - unit.n * unit.mean) / n;
  const ss =
    (city.n - 1) * city.sd ** 2 - (unit.n - 1) * unit.sd ** 2 - unit.n * (unit.mean - city.mean) ** 2 - n * (mean - city.mean) ** 2;
  return { n, mean, sd: Math.sqrt(Math.max(0, ss) / (n - 1)) };
}

export interface CityContrastOptions {
  /**
   * The city figures include the unit (default true): compare with the rest of the city so the two
   * changes are independent. false when the city figures already exclude the unit.
   */
  cityIncludesUnit?: boolean;
}

/**
 * "Fell more than the city": D = Δ_unit − Δ_city with SE² the sum of the four variance components
 * and Welch-Satterthwaite ν over them. Negative D with small pTurun = fell more than the city.
 */
export function contrastWithCity(
  unit: { before: SummaryStats; after: SummaryStats },
  city: { before: SummaryStats; after: SummaryStats },
  opts: CityContrastOptions = {},
): WelchResult & { deltaUnit: number; deltaCity: number } {
  const includes = opts.cityIncludesUnit ?? true;
  const cb = includes ? restOfCity(city.before, unit.before) : city.before;
  const ca = includes ? restOfCity(city.after, unit.after) : city.after;
  const deltaUnit = unit.after.mean - unit.before.mean;
  const deltaCity = ca.mean - cb.mean;
  const comps = [unit.before, unit.after, cb, ca].map((s) => {
    if (s.n < 2) throw new Error("contrastWithCity: every group needs n ≥ 2");
    return { v: (s.sd * s.sd) / s.n, n: s.n };
  });
  return { ...welchFromComponents(deltaUnit - deltaCity, comps), deltaUnit, deltaCity };
}

export interface BhResult {
  /** k* = max{k : p_(k) ≤ k·q/m} (0 when none). */
  kStar: number;
  /** The p-value cut-off k*·q/m (0 when none). */
  threshold: number;
  /** Flag per input (the k* smallest p). */
  rejected: boolean[];
  /** BH-adjusted p-values (step-up, monotone), NaN where the input was missing. */
  adjusted: number[];
  /** Number of p-values tested (finite inputs). */
  m: number;
}

/** Benjamini-Hochberg at q (default 0,05). Missing (null/NaN) p-values are not tested and not counted in m. */
export function benjaminiHochberg(pValues: readonly (number | null)[], q = 0.05): BhResult {
  const idx = pValues.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== null && Number.isFinite(x.p));
  idx.sort((a, b) => a.p - b.p || a.i - b.i);
  const m = idx.length;
  let kStar = 0;
  for (let k = 1; k <= m; k++) if (idx[k - 1].p <= (k * q) / m) kStar = k;
  const rejected = pValues.map(() => false);
  for (let k = 0; k < kStar; k++) rejected[idx[k].i] = true;
  const adjusted = pValues.map(() => NaN);
  let running = 1;
  for (let k = m; k >= 1; k--) {
    running = Math.min(running, (idx[k - 1].p * m) / k);
    adjusted[idx[k - 1].i] = running;
  }
  return { kStar, threshold: kStar ? (kStar * q) / m : 0, rejected, adjusted, m };
}

/** Caveat to print beside any list of units chosen because they were low (regression to the mean). */
export const CATATAN_REGRESI_KE_RATA =
  "Unit yang dipilih karena nilainya rendah pada periode lalu cenderung naik dengan sendirinya (regresi ke rata-rata); kenaikan itu belum tentu hasil perbaikan.";
