// Survey generator with a known truth, for testing the detectors (METHODS.md §7). An ordinal
// (cumulative-probit) model: answer x = 1 + Σ_t 1[b_unit + a_item + η_resp + ε > c_t], thresholds
// c = (−2,4, −1,4, 0,6), item offsets a, respondent effect η ~ N(0, 0,7²), ε ~ N(0, 1).
// City IKM near 79, respondent SD near 10. Output is what DuckDB would aggregate: n, mean, Σ(r − mean)².
import { makeRng } from "./rng.ts";
import { normalCdf } from "./dist.ts";

export const THRESHOLDS: readonly number[] = [-2.4, -1.4, 0.6];
export const ITEM_OFFSETS: readonly number[] = [0.3, 0.2, 0.1, 0, 0, -0.1, -0.1, -0.2, -0.2];
export const SD_ETA = 0.7;

export interface SimModel {
  thresholds?: readonly number[];
  itemOffsets?: readonly number[];
  sdEta?: number;
}

export interface SimUnitSpec {
  kode: string;
  n: number;
  /** Unit effect b on the latent scale (0 = city). */
  b: number;
}

export interface SimUnitSummary {
  kode: string;
  n: number;
  /** Mean respondent score r = 25 × mean answers (the unit's IKM). */
  mean: number;
  /** Σ (r − mean)². */
  ss: number;
  /** The unit's true expected IKM under the model. */
  trueIkm: number;
}

/**
 * Expected respondent score for a unit effect b: 25 · mean_i (1 + Σ_t Φ((b + a_i − c_t)/√(1 + σ_η²))),
 * since η + ε ~ N(0, 1 + σ_η²).
 */
export function expectedIkm(b: number, model: SimModel = {}): number {
  const c = model.thresholds ?? THRESHOLDS;
  const a = model.itemOffsets ?? ITEM_OFFSETS;
  const sd = Math.sqrt(1 + (model.sdEta ?? SD_ETA) ** 2);
  let sum = 0;
  for (const ai of a) {
    sum += 1;
    for (const ct of c) sum += normalCdf((b + ai - ct) / sd);
  }
  return (25 * sum) / a.length;
}

/** The unit effect b whose expected IKM is `ikm` (bisection; expectedIkm is increasing in b). */
export function bForIkm(ikm: number, model: SimModel = {}): number {
  let lo = -10;
  let hi = 10;
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (expectedIkm(mid, model) < ikm) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * A fast inverse of expectedIkm for simulations that need many calibrations: expectedIkm tabulated on
 * b ∈ [−4, 4] in steps of 0,001 and inverted by linear interpolation (error < 1e-5 IKM points).
 */
export function ikmToB(model: SimModel = {}): (ikm: number) => number {
  const lo = -4;
  const step = 0.001;
  const m = 8000;
  const table = new Float64Array(m + 1);
  for (let i = 0; i <= m; i++) table[i] = expectedIkm(lo + i * step, model);
  return (ikm: number) => {
    if (ikm <= table[0] || ikm >= table[m]) return bForIkm(ikm, model);
    let a = 0;
    let b = m;
    while (b - a > 1) {
      const mid = (a + b) >> 1;
      if (table[mid] < ikm) a = mid;
      else b = mid;
    }
    return lo + (a + (ikm - table[a]) / (table[b] - table[a])) * step;
  };
}

/** I unit sizes log-spaced from nMin to nMax, rounded (METHODS §7: 10 to 400, about 40 units). */
export function logSpacedSizes(I = 40, nMin = 10, nMax = 400): number[] {
  return Array.from({ length: I }, (_, i) => Math.round(nMin * (nMax / nMin) ** (I === 1 ? 0 : i / (I - 1))));
}

/** One period of survey data for the given units, seeded. */
export function simulateSurvey(units: readonly SimUnitSpec[], seed: number, model: SimModel = {}): SimUnitSummary[] {
  const c = model.thresholds ?? THRESHOLDS;
  const a = model.itemOffsets ?? ITEM_OFFSETS;
  const sdEta = model.sdEta ?? SD_ETA;
  const rng = makeRng(seed, 0x5e3f);
  const items = Float64Array.from(a);
  const cuts = Float64Array.from(c);
  const K = items.length;
  const T = cuts.length;
  return units.map((u) => {
    // Welford's running mean and sum of squared deviations of the respondent scores.
    let mean = 0;
    let ss = 0;
    for (let j = 0; j < u.n; j++) {
      const base = u.b + rng.normal(0, sdEta);
      let answers = K;
      for (let i = 0; i < K; i++) {
        const latent = base + items[i] + rng.normal();
        for (let t = 0; t < T; t++) if (latent > cuts[t]) answers += 1;
      }
      const r = (25 * answers) / K;
      const d = r - mean;
      mean += d / (j + 1);
      ss += d * (r - mean);
    }
    return { kode: u.kode, n: u.n, mean, ss, trueIkm: expectedIkm(u.b, model) };
  });
}
