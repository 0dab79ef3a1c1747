// Control charts for an indicator's quarterly series (METHODS.md §3): XmR (individuals and moving
// range) limits from a locked baseline, the 3σ rule, and the Anhøj runs rules around the median
// (Anhøj & Olesen 2014, PLoS ONE 9:e113825; Wheeler's constants 2,66 and 2,66·2/3 = 1,773;
// NHS England "Making Data Count" for the practice). Also de-cumulation and the OPD flag rule.
import { binomialQuantile } from "./dist.ts";

export const XMR_3S = 2.66;
export const XMR_2S = 1.773;
export const MIN_BASELINE = 12;

export interface QuarterValue {
  tahun: number;
  triwulan: 1 | 2 | 3 | 4;
  /** null = belum lapor (never zero). */
  nilai: number | null;
}

/**
 * De-cumulate a cumulative quarterly series, per year: Q1 stays, Qk = cum(Qk) − cum(Qk−1) in the same
 * year. When the previous quarter of that year is missing the quarter cannot be de-cumulated: null.
 * Output is sorted by (tahun, triwulan).
 */
export function decumulate(series: readonly QuarterValue[]): QuarterValue[] {
  const sorted = [...series].sort((a, b) => a.tahun - b.tahun || a.triwulan - b.triwulan);
  const byKey = new Map<string, number | null>(sorted.map((q) => [`${q.tahun}-${q.triwulan}`, q.nilai]));
  return sorted.map((q) => {
    if (q.nilai === null) return { ...q };
    if (q.triwulan === 1) return { ...q };
    const prev = byKey.get(`${q.tahun}-${q.triwulan - 1}`);
    return { ...q, nilai: prev === undefined || prev === null ? null : q.nilai - prev };
  });
}

/**
 * METHODS §3 "compare like quarters when there is strong seasonality": the series of one quarter across
 * years (e.g. every Triwulan III), sorted by year, to chart on its own.
 */
export function likeQuarters(series: readonly QuarterValue[], triwulan: 1 | 2 | 3 | 4): QuarterValue[] {
  return series.filter((q) => q.triwulan === triwulan).sort((a, b) => a.tahun - b.tahun);
}

export interface AnhojResult {
  /** Median of the series. */
  median: number;
  /** Useful observations: points not on the median. */
  n: number;
  longestRun: number;
  /** Signal when longestRun > round(log2(n) + 3). */
  runLimit: number;
  /** Side of the (first) longest run. */
  longestRunSide: "atas" | "bawah" | null;
  crossings: number;
  /** Signal when crossings < the 5% quantile of Binomial(n − 1, 0,5). */
  crossingsLimit: number;
  runSignal: boolean;
  crossingSignal: boolean;
  signal: boolean;
}

/** Anhøj's thresholds for n useful observations. n = 20 ⇒ run ≥ 8 or crossings ≤ 5 signal. */
export function anhojLimits(n: number): { runLimit: number; crossingsLimit: number } {
  return { runLimit: Math.round(Math.log2(n) + 3), crossingsLimit: n >= 2 ? binomialQuantile(0.05, n - 1, 0.5) : 0 };
}

function medianOf(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Anhøj runs analysis of a series (nulls skipped) around its median. */
export function anhoj(values: readonly (number | null)[]): AnhojResult {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const median = xs.length ? medianOf(xs) : NaN;
  const sides = xs.filter((v) => v !== median).map((v) => (v > median ? 1 : -1));
  const n = sides.length;
  let longestRun = 0;
  let longestRunSide: AnhojResult["longestRunSide"] = null;
  let crossings = 0;
  let run = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && sides[i] !== sides[i - 1]) {
      crossings += 1;
      run = 0;
    }
    run += 1;
    if (run > longestRun) {
      longestRun = run;
      longestRunSide = sides[i] > 0 ? "atas" : "bawah";
    }
  }
  const { runLimit, crossingsLimit } = anhojLimits(n);
  const runSignal = n > 0 && longestRun > runLimit;
  const crossingSignal = n > 1 && crossings < crossingsLimit;
  return { median, n, longestRun, runLimit, longestRunSide, crossings, crossingsLimit, runSignal, crossingSignal, signal: runSignal || crossingSignal };
}

export interface XmrOptions {
  /** Number of leading (non-null) points in the locked baseline; default 12, never fewer than 12. */
  baselineLength?: number;
}

export interface XmrPoint {
  /** Index in the input array. */
  index: number;
  nilai: number;
  /** |x_t − x_(t−1)| against the previous non-null point (null for the first). */
  mr: number | null;
  /** Beyond the 3σ limits (strict), or null when inside or no limits. */
  luar3s: "atas" | "bawah" | null;
  luar2s: "atas" | "bawah" | null;
}

export interface XmrResult {
  /** 'xmr' = limits and runs; 'run_chart' = MR̄ = 0 or half the points equal; 'baseline_kurang' = < 12 points. */
  mode: "xmr" | "run_chart" | "baseline_kurang";
  baselineLength: number;
  centre: number | null;
  mrBar: number | null;
  ucl: number | null;
  lcl: number | null;
  upper2s: number | null;
  lower2s: number | null;
  points: XmrPoint[];
  runs: AnhojResult;
  /** Any point beyond 3σ (only in 'xmr' mode). */
  luar3s: boolean;
  /** The last point is beyond 3σ. */
  terakhirLuar3s: boolean;
  /** The chart signals now: the last point is beyond 3σ, or the runs rules fire on the series. */
  sinyal: boolean;
  alasan: string[];
}

/** Mean of |x_t − x_(t−1)| over consecutive values. */
export function meanMovingRange(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  let s = 0;
  for (let i = 1; i < xs.length; i++) s += Math.abs(xs[i] - xs[i - 1]);
  return s / (xs.length - 1);
}

/** Largest share of points sharing one value (capped series pile up at the cap). */
function tiedShare(xs: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = 0;
  for (const x of xs) {
    const c = (counts.get(x) ?? 0) + 1;
    counts.set(x, c);
    if (c > best) best = c;
  }
  return xs.length ? best / xs.length : 0;
}

/** XmR chart of a series (nulls are skipped; pass de-cumulated values for cumulative indicators). */
export function xmr(values: readonly (number | null)[], opts: XmrOptions = {}): XmrResult {
  const present = values
    .map((v, index) => ({ v, index }))
    .filter((p): p is { v: number; index: number } => p.v !== null && Number.isFinite(p.v));
  const xs = present.map((p) => p.v);
  const baselineLength = Math.max(MIN_BASELINE, opts.baselineLength ?? MIN_BASELINE);
  const runs = anhoj(xs);
  const alasan: string[] = [];
  if (runs.runSignal) alasan.push(`run ${runs.longestRun} titik di ${runs.longestRunSide} median (batas > ${runs.runLimit})`);
  if (runs.crossingSignal) alasan.push(`${runs.crossings} kali memotong median (batas < ${runs.crossingsLimit})`);

  let mode: XmrResult["mode"] = "xmr";
  let centre: number | null = null;
  let mrBar: number | null = null;
  if (xs.length < baselineLength) mode = "baseline_kurang";
  else {
    const base = xs.slice(0, baselineLength);
    centre = base.reduce((a, b) => a + b, 0) / base.length;
    mrBar = meanMovingRange(base);
    if (mrBar === 0 || tiedShare(xs) >= 0.5) mode = "run_chart";
  }
  const hasLimits = mode === "xmr" && centre !== null && mrBar !== null;
  const ucl = hasLimits ? centre! + XMR_3S * mrBar! : null;
  const lcl = hasLimits ? centre! - XMR_3S * mrBar! : null;
  const upper2s = hasLimits ? centre! + XMR_2S * mrBar! : null;
  const lower2s = hasLimits ? centre! - XMR_2S * mrBar! : null;
  const points = present.map((p, i): XmrPoint => ({
    index: p.index,
    nilai: p.v,
    mr: i > 0 ? Math.abs(p.v - present[i - 1].v) : null,
    luar3s: hasLimits ? (p.v > ucl! ? "atas" : p.v < lcl! ? "bawah" : null) : null,
    luar2s: hasLimits ? (p.v > upper2s! ? "atas" : p.v < lower2s! ? "bawah" : null) : null,
  }));
  const luar3s = points.some((p) => p.luar3s !== null);
  const last = points[points.length - 1];
  const terakhirLuar3s = last !== undefined && last.luar3s !== null;
  if (terakhirLuar3s) alasan.unshift(`titik terakhir ${last.nilai} di luar batas 3σ (${last.luar3s === "atas" ? `> ${ucl}` : `< ${lcl}`})`);
  return {
    mode,
    baselineLength,
    centre,
    mrBar,
    ucl,
    lcl,
    upper2s,
    lower2s,
    points,
    runs,
    luar3s,
    terakhirLuar3s,
    sinyal: terakhirLuar3s || runs.signal,
    alasan,
  };
}

export interface IndicatorQuarterSignal {
  kode: string;
  /** The indicator's chart signals in this quarter (any rule). */
  sinyal: boolean;
  /** This quarter's point breaks the 3σ limit. */
  luar3s: boolean;
}

/** METHODS §3: an OPD is flagged when two of its indicators signal in the same quarter, or one breaks 3σ. */
export function opdFlag(indicators: readonly IndicatorQuarterSignal[]): {
  flagged: boolean;
  alasan: "luar_3s" | "dua_indikator" | null;
  kode: string[];
} {
  const beyond = indicators.filter((i) => i.luar3s).map((i) => i.kode);
  if (beyond.length > 0) return { flagged: true, alasan: "luar_3s", kode: beyond };
  const signalling = indicators.filter((i) => i.sinyal).map((i) => i.kode);
  if (signalling.length >= 2) return { flagged: true, alasan: "dua_indikator", kode: signalling };
  return { flagged: false, alasan: null, kode: signalling };
}

/**
 * The run that ends at the last point: its length and side, counting only points off the median (a
 * point on the median neither breaks nor extends a run, as in Anhøj's rules). A "current shift" is
 * signalled when this run is longer than anhojLimits(n).runLimit.
 */
export function currentRun(values: readonly (number | null)[], median: number): { length: number; side: "atas" | "bawah" | null } {
  const sides = values
    .filter((v): v is number => v !== null && Number.isFinite(v) && v !== median)
    .map((v) => (v > median ? 1 : -1));
  if (sides.length === 0) return { length: 0, side: null };
  const last = sides[sides.length - 1];
  let length = 0;
  for (let i = sides.length - 1; i >= 0 && sides[i] === last; i--) length++;
  return { length, side: last > 0 ? "atas" : "bawah" };
}
