// Funnel plot for a proportion, e.g. permits decided on time by jenis_izin (METHODS.md §2).
// Spiegelhalter 2005 (Stat Med 24:1185): exact binomial limits with interpolation, the normal form
// when n·θ0·(1 − θ0) ≥ 10; overdispersion on the arcsine-root scale (Spiegelhalter 2005, QSHC 14:347)
// with additive τ² by DerSimonian & Laird 1986.
import { binomialCdf, Z95, Z998, normalCdf } from "./dist.ts";
import { estimateOverdispersion } from "./overdispersion.ts";
import { sinyalDariZ, nGrid, type Sinyal } from "./funnel-mean.ts";

export { nGrid };

export interface ProportionUnitInput {
  kode: string;
  /** Denominator (applications decided). */
  n: number;
  /** Numerator (decided on time), 0 ≤ r ≤ n. */
  r: number;
}

export interface FunnelProportionOptions {
  /** Target θ0; default Σ r / Σ n. */
  target?: number;
  /** 'additive' (default): estimate τ² on the arcsine-root scale; 'none': exact/normal limits only. */
  overdispersion?: "additive" | "none";
  winsorise?: number;
  correctWinsorBias?: boolean;
  /** τ² estimator on the arcsine scale: 'dl' (default) or 'robust_pm' (see overdispersion.ts). */
  tau2Method?: "dl" | "robust_pm" | "winsor_mixture";
  /** Units with n below this get 'sampel_kecil' instead of a signal (default 10). */
  minN?: number;
  /** Normal limits replace exact ones when n·θ0·(1 − θ0) ≥ this (default 10). */
  normalThreshold?: number;
}

export interface ProportionParams {
  theta0: number;
  /** τ² on the arcsine-root scale (0 when none or not estimated positive). */
  tau2: number;
  phi: number;
  overdispersion: "additive" | "none";
  normalThreshold: number;
}

export interface ProportionLimits {
  n: number;
  bawah998: number;
  bawah95: number;
  atas95: number;
  atas998: number;
  /** How the limits at this n were computed. */
  metode: "exact" | "normal" | "arcsine";
}

export interface ProportionUnitResult extends ProportionLimits {
  kode: string;
  r: number;
  p: number;
  /** z on the arcsine-root scale: (asin√p − asin√θ0)·2√n. */
  z: number;
  /** Adjusted z on that scale: (asin√p − asin√θ0)/√(1/(4n) + τ²). */
  zD: number;
  /** From comparing p with the drawn limits (strictly beyond), so the table and the plot agree. */
  sinyal: Sinyal | "sampel_kecil";
  sinyalMentah: Sinyal;
  sampelKecil: boolean;
}

export interface FunnelProportionResult extends ProportionParams {
  units: ProportionUnitResult[];
  I: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Exact binomial limit with interpolation at probability q (e.g. 0,025 or 0,975):
 * r_q = smallest r with F(r) ≥ q; α = (F(r_q) − q)/(F(r_q) − F(r_q − 1)); limit = (r_q − α)/n in [0, 1].
 */
export function binomialLimit(q: number, n: number, theta0: number): number {
  if (theta0 <= 0) return 0;
  if (theta0 >= 1) return 1;
  let r = 0;
  let F = binomialCdf(0, n, theta0);
  while (F < q && r < n) {
    r += 1;
    F = binomialCdf(r, n, theta0);
  }
  const Fprev = binomialCdf(r - 1, n, theta0);
  const alpha = F > Fprev ? (F - q) / (F - Fprev) : 0;
  return clamp((r - alpha) / n, 0, 1);
}

/** Limits at size n: arcsine with τ² when τ² > 0, else normal when nθ0(1−θ0) ≥ threshold, else exact. */
export function proportionLimits(p: ProportionParams, n: number): ProportionLimits {
  const { theta0 } = p;
  if (p.overdispersion === "additive" && p.tau2 > 0) {
    const t0 = Math.asin(Math.sqrt(theta0));
    const sd = Math.sqrt(1 / (4 * n) + p.tau2);
    const lim = (z: number) => Math.sin(clamp(t0 + z * sd, 0, Math.PI / 2)) ** 2;
    return { n, bawah998: lim(-Z998), bawah95: lim(-Z95), atas95: lim(Z95), atas998: lim(Z998), metode: "arcsine" };
  }
  if (n * theta0 * (1 - theta0) >= p.normalThreshold) {
    const sd = Math.sqrt((theta0 * (1 - theta0)) / n);
    const lim = (z: number) => clamp(theta0 + z * sd, 0, 1);
    return { n, bawah998: lim(-Z998), bawah95: lim(-Z95), atas95: lim(Z95), atas998: lim(Z998), metode: "normal" };
  }
  const q998 = normalCdf(-Z998); // 0,001
  const q95 = normalCdf(-Z95); // 0,025
  return {
    n,
    bawah998: binomialLimit(q998, n, theta0),
    bawah95: binomialLimit(q95, n, theta0),
    atas95: binomialLimit(1 - q95, n, theta0),
    atas998: binomialLimit(1 - q998, n, theta0),
    metode: "exact",
  };
}

/** Limit curves over a grid of n (exact limits are step-like at small n; interpolation smooths them). */
export function proportionCurve(p: ProportionParams, grid: readonly number[]): ProportionLimits[] {
  // Exact limits need an integer n.
  return grid.map((n) => proportionLimits(p, Math.max(1, Math.round(n))));
}

function sinyalDariBatas(p: number, l: ProportionLimits): Sinyal {
  if (p < l.bawah998) return "alarm_rendah";
  if (p < l.bawah95) return "waspada_rendah";
  if (p > l.atas998) return "alarm_tinggi";
  if (p > l.atas95) return "waspada_tinggi";
  return "normal";
}

export function funnelProportion(units: readonly ProportionUnitInput[], opts: FunnelProportionOptions = {}): FunnelProportionResult {
  const mode = opts.overdispersion ?? "additive";
  const minN = opts.minN ?? 10;
  for (const u of units) {
    if (!(u.n >= 1) || !(u.r >= 0) || u.r > u.n) throw new Error(`funnelProportion: unit ${u.kode} needs n ≥ 1 and 0 ≤ r ≤ n`);
  }
  const theta0 = opts.target ?? units.reduce((a, u) => a + u.r, 0) / units.reduce((a, u) => a + u.n, 0);
  const t0 = Math.asin(Math.sqrt(theta0));
  const ystar = units.map((u) => Math.asin(Math.sqrt(u.r / u.n)));
  const se = units.map((u) => 1 / (2 * Math.sqrt(u.n)));
  const z = units.map((_, i) => (ystar[i] - t0) / se[i]);
  const idx = units.map((_, i) => i).filter((i) => units[i].n >= minN);
  const od = estimateOverdispersion(
    idx.map((i) => z[i]),
    idx.map((i) => se[i]),
    { winsorise: opts.winsorise ?? 0.1, correctWinsorBias: opts.correctWinsorBias ?? true, tau2Method: opts.tau2Method },
  );
  const tau2 = mode === "additive" ? od.tau2 : 0;
  const params: ProportionParams = { theta0, tau2, phi: od.phi, overdispersion: mode, normalThreshold: opts.normalThreshold ?? 10 };
  const out = units.map((u, i): ProportionUnitResult => {
    const lim = proportionLimits(params, u.n);
    const p = u.r / u.n;
    const sinyalMentah = sinyalDariBatas(p, lim);
    const sampelKecil = u.n < minN;
    return {
      kode: u.kode,
      r: u.r,
      p,
      z: z[i],
      zD: (ystar[i] - t0) / Math.sqrt(se[i] * se[i] + tau2),
      ...lim,
      sinyal: sampelKecil ? "sampel_kecil" : sinyalMentah,
      sinyalMentah,
      sampelKecil,
    };
  });
  return { ...params, units: out, I: idx.length };
}

// Re-exported for callers that classify a z directly.
export { sinyalDariZ };
