// Overdispersion estimate shared by the funnel plots (METHODS §1 steps 2-4, §2 "with overdispersion").
// Spiegelhalter 2005 (Stat Med 24:1185; QSHC 14:347): winsorised z-scores, φ = mean winsorised z²,
// and the DerSimonian & Laird (1986) additive between-unit variance τ².
import { quantile } from "d3-array";
import { normalCdf, normalQuantile } from "./dist.ts";

/**
 * E[winsorised z²] for a standard normal winsorised at its 10% and 90% points: winsorising biases φ
 * low by this factor under normality (METHODS §1 step 3).
 */
export const WINSOR_BIAS_10 = 0.6787;

/**
 * The same factor for winsorising at p and 1 − p: with c = Φ⁻¹(1 − p),
 * E = (1 − 2p) − 2c·φ(c) + 2p·c². At p = 0,1 this is 0,67865 (METHODS rounds it to 0,6787, used as is).
 */
export function winsorBias(p: number): number {
  if (p === 0.1) return WINSOR_BIAS_10;
  if (p <= 0) return 1;
  const c = normalQuantile(1 - p);
  const density = Math.exp(-0.5 * c * c) / Math.sqrt(2 * Math.PI);
  return 1 - 2 * p - 2 * c * density + 2 * p * c * c;
}

export interface OverdispersionOptions {
  /** Winsorise at this lower quantile and its complement (default 0,1; 0 = no winsorising). */
  winsorise?: number;
  /** Divide φ by the winsorising bias (0,6787 at winsorise = 0,1; default true). */
  correctWinsorBias?: boolean;
  /**
   * 'dl' (default, METHODS §1 step 4): τ² = max(0, (I·φ − (I − 1))/(Σw − Σw²/Σw)) from the winsorised z.
   * 'robust_pm' (project addition, not in METHODS): the τ² ≥ 0 at which the bias-corrected winsorised
   * mean square of z_D = (y − θ0)/√(s² + τ²) equals (I − 1)/I (a winsorised Paule-Mandel moment
   * estimator). The z_D share one variance under the random-effects model, so the 0,6787 correction
   * holds for them; the plain z do not when unit sizes differ (a scale mixture has heavier tails), which
   * biases the DL value low under real spread. See RATES.md for what each gives.
   */
  tau2Method?: "dl" | "robust_pm" | "winsor_mixture";
}

export interface Overdispersion {
  /** Winsorised z used for φ (same order as the input). */
  zWinsorised: number[];
  /** Winsorising bounds (type-7 quantiles of z). */
  zLow: number;
  zHigh: number;
  /** Overdispersion factor φ (corrected when asked). */
  phi: number;
  /** DerSimonian-Laird between-unit variance τ² (≥ 0), on the scale of s. */
  tau2: number;
}

/**
 * z_i = (y_i − θ0)/s_i must already be computed; s_i are the within-unit standard errors.
 * τ² = max(0, (I·φ − (I − 1)) / (Σw − Σw²/Σw)) with w_i = 1/s_i².
 */
export function estimateOverdispersion(z: readonly number[], s: readonly number[], opts: OverdispersionOptions = {}): Overdispersion {
  const I = z.length;
  const p = opts.winsorise ?? 0.1;
  const correct = opts.correctWinsorBias ?? true;
  if (I === 0) return { zWinsorised: [], zLow: NaN, zHigh: NaN, phi: NaN, tau2: 0 };
  const zLow = p > 0 ? (quantile(z, p) as number) : -Infinity;
  const zHigh = p > 0 ? (quantile(z, 1 - p) as number) : Infinity;
  const zWinsorised = z.map((v) => Math.min(zHigh, Math.max(zLow, v)));
  let phi = zWinsorised.reduce((acc, v) => acc + v * v, 0) / I;
  if (correct && p > 0) phi /= winsorBias(p);
  let sw = 0;
  let sw2 = 0;
  for (const si of s) {
    const w = 1 / (si * si);
    sw += w;
    sw2 += w * w;
  }
  const denom = sw - sw2 / sw;
  let tau2 = I > 1 && denom > 0 ? Math.max(0, (I * phi - (I - 1)) / denom) : 0;
  if (opts.tau2Method === "robust_pm") tau2 = robustPmTau2(z, s, p, correct);
  if (opts.tau2Method === "winsor_mixture" && p > 0) tau2 = winsorMixtureTau2(zWinsorised, s, p);
  return { zWinsorised, zLow, zHigh, phi, tau2 };
}

/** Winsorised Paule-Mandel τ² (see OverdispersionOptions.tau2Method); bisection on a decreasing function. */
function robustPmTau2(z: readonly number[], s: readonly number[], p: number, correct: boolean): number {
  const I = z.length;
  if (I < 2) return 0;
  const factor = correct && p > 0 ? winsorBias(p) : 1;
  const dev = z.map((zi, i) => zi * s[i]); // y − θ0
  const excess = (t2: number) => {
    const zd = dev.map((d, i) => d / Math.sqrt(s[i] * s[i] + t2));
    const lo = p > 0 ? (quantile(zd, p) as number) : -Infinity;
    const hi = p > 0 ? (quantile(zd, 1 - p) as number) : Infinity;
    let m = 0;
    for (const v of zd) m += Math.min(hi, Math.max(lo, v)) ** 2;
    return m / I / factor - (I - 1) / I;
  };
  if (excess(0) <= 0) return 0;
  let hiT = 1;
  const maxDev = Math.max(...dev.map(Math.abs));
  while (excess(hiT) > 0 && hiT < 1e6 * (1 + maxDev * maxDev)) hiT *= 4;
  let loT = 0;
  for (let k = 0; k < 80; k++) {
    const mid = (loT + hiT) / 2;
    if (excess(mid) > 0) loT = mid;
    else hiT = mid;
  }
  return (loT + hiT) / 2;
}

const stdNormalCdf = normalCdf;
const stdNormalPdf = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/**
 * E[min(Z², c²)] for Z ~ N(0, v): v·(2Φ(c/σ) − 1) − 2σc·φ(c/σ) + 2c²·(1 − Φ(c/σ)), σ = √v.
 * At v = 1 and c = Φ⁻¹(0,9) this is the 0,6787 of METHODS §1.
 */
export function winsorisedSecondMoment(v: number, c: number): number {
  const sd = Math.sqrt(v);
  const u = c / sd;
  return v * (2 * stdNormalCdf(u) - 1) - 2 * sd * c * stdNormalPdf(u) + 2 * c * c * (1 - stdNormalCdf(u));
}

/**
 * 'winsor_mixture' (project addition): the τ² at which the expected sum of winsorised z² under the
 * random-effects model equals the observed one. Under the model z_i ~ N(0, 1 + τ²/s_i²): a scale
 * mixture when unit sizes differ, so the fixed 0,6787 correction (exact only for one common variance)
 * under-corrects and DL's τ² is biased low. Here the winsorising point c is the (1 − p) quantile of
 * that mixture, each unit's expected winsorised z² is winsorisedSecondMoment(1 + τ²/s_i², c), and τ²
 * solves ((I − 1)/I)·Σ E_i(τ²) = Σ z_w,i² (the (I − 1)/I for θ0 being estimated, as in DL). At τ² = 0
 * it coincides with METHODS §1 (Σ z_w² / 0,6787 = I − 1 is the boundary of both).
 */
function winsorMixtureTau2(zw: readonly number[], s: readonly number[], p: number): number {
  const I = zw.length;
  if (I < 2) return 0;
  const observed = zw.reduce((a, v) => a + v * v, 0);
  const expected = (t2: number) => {
    const v = s.map((si) => 1 + t2 / (si * si));
    // c: mean_i Φ(c/√v_i) = 1 − p, by Newton's method from the quantile of the average variance
    // (F is increasing and concave for c > 0, so the steps converge monotonically).
    const sds = v.map(Math.sqrt);
    let c = normalQuantile(1 - p) * Math.sqrt(v.reduce((a, b) => a + b, 0) / I);
    for (let k = 0; k < 50; k++) {
      let F = 0;
      let dF = 0;
      for (const sd of sds) {
        F += stdNormalCdf(c / sd);
        dF += stdNormalPdf(c / sd) / sd;
      }
      const step = (F / I - (1 - p)) / (dF / I);
      c -= step;
      if (Math.abs(step) < 1e-10 * (1 + c)) break;
    }
    return ((I - 1) / I) * v.reduce((a, vi) => a + winsorisedSecondMoment(vi, c), 0);
  };
  if (expected(0) >= observed) return 0;
  let hiT = 1;
  const maxS2 = Math.max(...s.map((x) => x * x));
  while (expected(hiT) < observed && hiT < 1e6 * (1 + maxS2)) hiT *= 4;
  let loT = 0;
  while (hiT - loT > 1e-7 * (1 + hiT)) {
    const mid = (loT + hiT) / 2;
    if (expected(mid) < observed) loT = mid;
    else hiT = mid;
  }
  return (loT + hiT) / 2;
}
