// Distribution functions for the analytics core (METHODS.md preamble: "All distribution functions
// live in TypeScript (a well-kept library such as @stdlib's distributions)"). Thin typed wrappers
// over @stdlib per-function packages, so the rest of loaders/analytics imports one place.
// Binomial quantiles are derived from the binomial CDF (smallest r with F(r) ≥ p), which is the
// definition METHODS §2 and §3 use, so no separate quantile package is needed.
import normalCdfLib from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantileLib from "@stdlib/stats-base-dists-normal-quantile";
import binomialCdfLib from "@stdlib/stats-base-dists-binomial-cdf";
import tCdfLib from "@stdlib/stats-base-dists-t-cdf";

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return normalCdfLib(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return normalQuantileLib(p, 0, 1);
}

/** Student t CDF with ν degrees of freedom (ν may be fractional, as Welch's is). */
export function tCdf(x: number, nu: number): number {
  return tCdfLib(x, nu);
}

/** Binomial CDF F(r) = P(X ≤ r), X ~ Binomial(n, p); F(r) = 0 for r < 0. */
export function binomialCdf(r: number, n: number, p: number): number {
  if (r < 0) return 0;
  if (r >= n) return 1;
  return binomialCdfLib(r, n, p);
}

/** Smallest r in 0..n with F(r) ≥ q (the binomial q-quantile). */
export function binomialQuantile(q: number, n: number, p: number): number {
  for (let r = 0; r < n; r++) if (binomialCdf(r, n, p) >= q) return r;
  return n;
}

/** Two-sided 95% and 99,8% normal multipliers (METHODS notation: z95 = 1,959964, z998 = 3,090232). */
export const Z95 = normalQuantile(0.975);
export const Z998 = normalQuantile(0.999);
