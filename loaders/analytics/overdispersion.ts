// Overdispersion estimate shared by the funnel plots (METHODS §1 steps 2-4, §2 "with overdispersion").
// Spiegelhalter 2005 (Stat Med 24:1185; QSHC 14:347): winsorised z-scores, φ = mean winsorised z²,
// and the DerSimonian & Laird (1986) additive between-unit variance τ².
import { quantile } from "d3-array";
import { normalQuantile } from "./dist.ts";

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
  const tau2 = I > 1 && denom > 0 ? Math.max(0, (I * phi - (I - 1)) / denom) : 0;
  return { zWinsorised, zLow, zHigh, phi, tau2 };
}
