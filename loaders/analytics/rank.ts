// Ranking with uncertainty (METHODS.md §5): rankability (Lingsma et al. 2009, ρ = τ²/(τ² + median s²))
// and rank intervals by simulation (Marshall & Spiegelhalter 1998 BMJ; Goldstein & Spiegelhalter 1996).
// Seeded so that a rebuild gives the same intervals.
import { makeRng } from "./rng.ts";

export interface RankUnitInput {
  kode: string;
  /** The unit's estimate θ̂ (e.g. IKM). */
  estimate: number;
  /** Its standard error s. */
  se: number;
}

export interface RankOptions {
  /** Draws (default 10 000). */
  B?: number;
  /** Seed (default 1). */
  seed?: number;
  /** Rank 1 = highest estimate (default true: higher is better). */
  higherIsBetter?: boolean;
  /**
   * Draw from the shrunken (posterior) estimate θ0 + (θ̂ − θ0)·τ²/(τ² + s²), variance s²τ²/(s² + τ²),
   * instead of N(θ̂, s²).
   */
  shrink?: { theta0: number; tau2: number };
}

export interface RankResult {
  kode: string;
  /** Rank of the point estimate (1 = best). */
  rank: number;
  medianRank: number;
  /** 2,5% and 97,5% quantiles of the simulated rank (inverse-CDF quantiles: integers). */
  lo: number;
  hi: number;
  /** P(rank in the bottom quarter), bottom quarter = ranks > 0,75·I (the worst ⌈I/4⌉). */
  pBottomQuarter: number;
  /** True only when the whole interval lies in the bottom quarter (lo > 0,75·I). */
  bottomQuarter: boolean;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** ρ = τ² / (τ² + median s²); below 0,5 show the funnel, not ranks. */
export function rankability(tau2: number, se: readonly number[]): number {
  const ms2 = median(se.map((s) => s * s));
  return tau2 + ms2 > 0 ? tau2 / (tau2 + ms2) : 0;
}

/** Ranks are shown only when ρ ≥ 0,5. */
export function ranksShown(rho: number): boolean {
  return rho >= 0.5;
}

/** Smallest rank r with P(rank ≤ r) ≥ p, from a histogram of ranks 1..I. */
function rankQuantile(hist: Uint32Array, total: number, p: number): number {
  let cum = 0;
  for (let r = 1; r < hist.length; r++) {
    cum += hist[r];
    if (cum >= p * total) return r;
  }
  return hist.length - 1;
}

export function rankIntervals(units: readonly RankUnitInput[], opts: RankOptions = {}): RankResult[] {
  const I = units.length;
  const B = opts.B ?? 10_000;
  const sign = opts.higherIsBetter ?? true ? -1 : 1; // sort ascending on sign·θ: rank 1 = best
  const rng = makeRng(opts.seed ?? 1, 0x7a4b);
  const centre = units.map((u) => {
    if (!opts.shrink) return { m: u.estimate, sd: u.se };
    const { theta0, tau2 } = opts.shrink;
    const k = tau2 / (tau2 + u.se * u.se);
    return { m: theta0 + (u.estimate - theta0) * k, sd: Math.sqrt((u.se * u.se * tau2) / (u.se * u.se + tau2)) };
  });
  const hist = units.map(() => new Uint32Array(I + 1));
  const draws = new Float64Array(I);
  const order = Array.from({ length: I }, (_, i) => i);
  const bottomFrom = 0.75 * I; // rank > bottomFrom ⇒ bottom quarter
  const bottom = new Uint32Array(I);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < I; i++) draws[i] = sign * rng.normal(centre[i].m, centre[i].sd);
    order.sort((x, y) => draws[x] - draws[y]);
    for (let r = 0; r < I; r++) {
      const i = order[r];
      hist[i][r + 1] += 1;
      if (r + 1 > bottomFrom) bottom[i] += 1;
    }
  }
  const pointOrder = Array.from({ length: I }, (_, i) => i).sort((x, y) => sign * units[x].estimate - sign * units[y].estimate);
  const pointRank = new Array<number>(I);
  pointOrder.forEach((i, r) => (pointRank[i] = r + 1));
  return units.map((u, i) => {
    const lo = rankQuantile(hist[i], B, 0.025);
    const hi = rankQuantile(hist[i], B, 0.975);
    return {
      kode: u.kode,
      rank: pointRank[i],
      medianRank: rankQuantile(hist[i], B, 0.5),
      lo,
      hi,
      pBottomQuarter: bottom[i] / B,
      bottomQuarter: lo > bottomFrom,
    };
  });
}
