// Funnel plot for a mean score, e.g. IKM across service units (METHODS.md §1).
// Spiegelhalter DJ (2005) "Funnel plots for comparing institutional performance", Stat Med 24:1185,
// and "Handling over-dispersion of performance indicators", QSHC 14:347; τ² by DerSimonian & Laird 1986.
// Pure functions, no I/O: DuckDB computes the per-unit aggregates (n, mean, Σ(r − mean)²).
//
// Two references (option `reference`):
// - 'city' (METHODS §1): every unit against one θ0 (respondent-weighted city mean) and one τ²
//   (winsorised z, DerSimonian-Laird by default); limits θ0 ± z·√(s² + τ²).
// - 'leave_one_out' (the default, issue 7; a deviation from METHODS' default, see RATES.md): unit i is
//   judged against θ0,−i = Σ_j≠i n_j·ȳ_j / N_−i and τ²_−i estimated from the OTHER units only
//   (winsor_mixture by default), so its own shortfall cannot widen its limits, and with the predictive
//   variance of θ0,−i added: Var(θ0,−i) = Σ_j≠i (n_j/N_−i)²·(s_j² + τ²_−i) = sw²/N_−i + τ²_−i·Σ_j≠i (n_j/N_−i)².
//   Limits θ0,−i ± z·√(s_i² + τ²_−i + Var(θ0,−i)): each unit has its own target, τ² and limits, so they
//   do not lie on one curve (draw each unit's own limits). sw stays pooled over all units (a unit's
//   within-unit spread does not depend on its mean). This is the only setting that meets every issue-7
//   detector target (loaders/analytics/detector.test.ts). τ²_−i needs ≥ 2 other units of n ≥ minN; with
//   fewer it is 0 (with exactly 2 units each is compared with the other unit: a two-sample z test).
import { estimateOverdispersion } from "./overdispersion.ts";
import { Z95, Z998 } from "./dist.ts";

/**
 * Below this many respondents a unit is "sampel kecil" in the marts: its point and signal stay on the
 * funnel, but it is never listed as an alarm nor ranked (issue 7). 30 rather than the Krejcie-Morgan
 * minimum: that minimum is about estimating one unit's IKM to ±5 points against its service volume
 * (often 278-370 respondents, more than most units collect), while the funnel's limits already widen
 * with 1/√n; below 30 the normal approximation of a mean of bounded scores and the pooled SD are weak.
 */
export const SAMPEL_KECIL = 30;

export type Sinyal = "alarm_rendah" | "waspada_rendah" | "normal" | "waspada_tinggi" | "alarm_tinggi";
export type Overdispersi = "additive" | "none" | "multiplicative";
export type Referensi = "city" | "leave_one_out";
export type Tau2Method = "dl" | "robust_pm" | "winsor_mixture";

export interface MeanUnitInput {
  kode: string;
  /** Respondents (or observations) in the unit. */
  n: number;
  /** Unit mean (the unit's IKM when no answer is missing). */
  mean: number;
  /** Σ (r − unit mean)² over the unit's respondents; needed unless `sw` is given. */
  ss?: number;
}

export interface FunnelMeanOptions {
  /** Pooled within-unit SD; default √(ΣΣ(r − ȳ_i)² / (N − I)) from the units' `ss`. */
  sw?: number;
  /** Target θ0; default the respondent-weighted mean Σ n·ȳ / Σ n (e.g. 76,61 for the edge of mutu B). */
  target?: number;
  /** Winsorise z at this quantile and its complement (default 0,1). */
  winsorise?: number;
  /** Divide φ by 0,6787 (default true; false gives the uncorrected value other tools report). */
  correctWinsorBias?: boolean;
  /**
   * What each unit is compared with: 'leave_one_out' (default; the other units' θ0 and τ² plus the
   * predictive variance of that θ0) or 'city' (METHODS §1: one θ0 and τ² for all). See the file header.
   */
  reference?: Referensi;
  /**
   * τ² estimator: 'dl' (METHODS §1), 'robust_pm' or 'winsor_mixture' (see overdispersion.ts and
   * RATES.md). Default 'winsor_mixture' with reference 'leave_one_out', 'dl' with 'city'.
   */
  tau2Method?: Tau2Method;
  /** Default 'additive' (METHODS §1: multiplicative is wrong when unit sizes differ by > ~4×). */
  overdispersion?: Overdispersi;
  /** Units with n below this are labelled 'sampel_kecil' and get no signal (default 10). */
  minN?: number;
}

export interface FunnelParams {
  /** The whole-city θ0 (respondent-weighted mean of all units, or the external target). */
  theta0: number;
  sw: number;
  /**
   * Between-unit variance τ² of all units (0 unless overdispersion = 'additive'). With 'leave_one_out'
   * this whole-city value is only a summary (e.g. for rankability); the limits use each unit's tau2.
   */
  tau2: number;
  /** Overdispersion factor φ (always reported; used only when overdispersion = 'multiplicative'). */
  phi: number;
  overdispersion: Overdispersi;
}

export interface FunnelLimits {
  n: number;
  bawah998: number;
  bawah95: number;
  atas95: number;
  atas998: number;
}

export interface MeanUnitResult extends FunnelLimits {
  kode: string;
  mean: number;
  /** The unit's reference θ0: the city's ('city') or the other units' θ0,−i ('leave_one_out'). */
  target: number;
  /** The τ² used for this unit: the city's ('city') or τ²_−i from the other units ('leave_one_out'). */
  tau2: number;
  /** Var(θ0,−i), the predictive variance of the reference ('leave_one_out'); 0 with 'city'. */
  targetVar: number;
  /** s_i = sw / √n. */
  se: number;
  /** SD of the limits: √(s² + τ² + targetVar) (additive), s·√φ (multiplicative), √(s² + targetVar) (none). */
  sd: number;
  /** Plain z = (ȳ − target) / s. */
  z: number;
  /** Overdispersion-adjusted z_D = (ȳ − target) / sd (or z/√φ when multiplicative). */
  zD: number;
  /** Signal from z_D; 'sampel_kecil' replaces it when n < minN (never ranked worst). */
  sinyal: Sinyal | "sampel_kecil";
  /** The signal z_D would give, also for small samples (for notes, not for lists). */
  sinyalMentah: Sinyal;
  sampelKecil: boolean;
}

export interface FunnelMeanResult extends FunnelParams {
  reference: Referensi;
  tau2Method: Tau2Method;
  units: MeanUnitResult[];
  /** Units used for φ and τ² (those with n ≥ minN). */
  I: number;
  /** Total respondents over all units. */
  N: number;
  /** Winsorising bounds of z. */
  zLow: number;
  zHigh: number;
}

/** Signal from an (adjusted) z score: beyond ±z998 alarm, beyond ±z95 waspada (strict inequalities). */
export function sinyalDariZ(zD: number): Sinyal {
  if (zD < -Z998) return "alarm_rendah";
  if (zD < -Z95) return "waspada_rendah";
  if (zD > Z998) return "alarm_tinggi";
  if (zD > Z95) return "waspada_tinggi";
  return "normal";
}

/**
 * METHODS §1: waspada_rendah "alarm when repeated two periods running". Given the unit's signal in the
 * previous and the current period, returns the escalated current signal (symmetric upwards).
 */
export function eskalasi(sebelumnya: Sinyal | "sampel_kecil" | null | undefined, sekarang: Sinyal | "sampel_kecil"): Sinyal | "sampel_kecil" {
  const rendah = (s: unknown) => s === "waspada_rendah" || s === "alarm_rendah";
  const tinggi = (s: unknown) => s === "waspada_tinggi" || s === "alarm_tinggi";
  if (sekarang === "waspada_rendah" && rendah(sebelumnya)) return "alarm_rendah";
  if (sekarang === "waspada_tinggi" && tinggi(sebelumnya)) return "alarm_tinggi";
  return sekarang;
}

/** Pooled within-unit SD: √(Σ ss_i / (N − I)) over units with n ≥ 1. */
export function pooledSd(units: readonly Pick<MeanUnitInput, "n" | "ss">[]): number {
  let ss = 0;
  let N = 0;
  let I = 0;
  for (const u of units) {
    if (!(u.n >= 1)) continue;
    if (u.ss === undefined || !Number.isFinite(u.ss)) throw new Error("pooledSd: every unit needs ss (Σ squared deviations) when sw is not given");
    ss += u.ss;
    N += u.n;
    I += 1;
  }
  if (N - I <= 0) throw new Error("pooledSd: needs N − I > 0 (some unit with at least 2 respondents)");
  return Math.sqrt(ss / (N - I));
}

/** The limits at size n for the given funnel parameters. */
export function funnelLimits(p: FunnelParams, n: number, z95 = Z95, z998 = Z998): FunnelLimits {
  const s = p.sw / Math.sqrt(n);
  const spread =
    p.overdispersion === "additive"
      ? Math.sqrt(s * s + p.tau2)
      : p.overdispersion === "multiplicative"
        ? s * Math.sqrt(Math.max(1, p.phi))
        : s;
  return {
    n,
    bawah998: p.theta0 - z998 * spread,
    bawah95: p.theta0 - z95 * spread,
    atas95: p.theta0 + z95 * spread,
    atas998: p.theta0 + z998 * spread,
  };
}

/** Log-spaced grid of n from nMin to nMax (inclusive), for drawing the funnel against n. */
export function nGrid(nMin: number, nMax: number, points = 100): number[] {
  if (points < 2 || nMax <= nMin) return [nMin];
  const a = Math.log(nMin);
  const b = Math.log(nMax);
  return Array.from({ length: points }, (_, i) => Math.exp(a + ((b - a) * i) / (points - 1)));
}

/** Limit curves over a grid of n (plotted against n, never against rank). */
export function funnelCurve(p: FunnelParams, grid: readonly number[]): FunnelLimits[] {
  return grid.map((n) => funnelLimits(p, n));
}

/** Limits around `target` with spread `sd` (the unit's own limits). */
function limitsAround(n: number, target: number, sd: number): FunnelLimits {
  return { n, bawah998: target - Z998 * sd, bawah95: target - Z95 * sd, atas95: target + Z95 * sd, atas998: target + Z998 * sd };
}

export function funnelMean(units: readonly MeanUnitInput[], opts: FunnelMeanOptions = {}): FunnelMeanResult {
  const mode = opts.overdispersion ?? "additive";
  const reference = opts.reference ?? "leave_one_out";
  const tau2Method = opts.tau2Method ?? (reference === "leave_one_out" ? "winsor_mixture" : "dl");
  if (reference === "leave_one_out" && mode === "multiplicative") throw new Error("funnelMean: reference 'leave_one_out' works with additive or no overdispersion");
  const minN = opts.minN ?? 10;
  const valid = units.filter((u) => u.n >= 1 && Number.isFinite(u.mean));
  if (valid.length !== units.length) throw new Error("funnelMean: every unit needs n ≥ 1 and a finite mean");
  const N = valid.reduce((a, u) => a + u.n, 0);
  const sw = opts.sw ?? pooledSd(valid);
  const theta0 = opts.target ?? valid.reduce((a, u) => a + u.n * u.mean, 0) / N;
  const se = valid.map((u) => sw / Math.sqrt(u.n));
  const odOpts = { winsorise: opts.winsorise ?? 0.1, correctWinsorBias: opts.correctWinsorBias ?? true, tau2Method };

  // φ and τ² from the units large enough to be judged (small units' z are the least normal).
  const idx = valid.map((_, i) => i).filter((i) => valid[i].n >= minN);
  const zCity = valid.map((u, i) => (u.mean - theta0) / se[i]);
  const od = estimateOverdispersion(idx.map((i) => zCity[i]), idx.map((i) => se[i]), odOpts);
  const tau2 = mode === "additive" ? od.tau2 : 0;
  const params: FunnelParams = { theta0, sw, tau2, phi: od.phi, overdispersion: mode };

  /** The reference of unit i: target, τ² and the variance of the target. */
  const referenceOf = (i: number): { target: number; tau2: number; targetVar: number } => {
    if (reference === "city") return { target: theta0, tau2, targetVar: 0 };
    const others = valid.map((_, j) => j).filter((j) => j !== i);
    const nOthers = others.reduce((a, j) => a + valid[j].n, 0);
    // An external target is known, not estimated: no predictive variance.
    const target = opts.target ?? others.reduce((a, j) => a + valid[j].n * valid[j].mean, 0) / nOthers;
    const judged = others.filter((j) => valid[j].n >= minN);
    const t2 =
      mode === "additive" && judged.length >= 2
        ? estimateOverdispersion(judged.map((j) => (valid[j].mean - target) / se[j]), judged.map((j) => se[j]), odOpts).tau2
        : 0;
    const targetVar = opts.target !== undefined ? 0 : others.reduce((a, j) => a + (valid[j].n / nOthers) ** 2 * (se[j] * se[j] + t2), 0);
    return { target, tau2: t2, targetVar };
  };

  const out = valid.map((u, i): MeanUnitResult => {
    const s = se[i];
    const ref = referenceOf(i);
    const sd = mode === "multiplicative" ? s * Math.sqrt(Math.max(1, od.phi)) : Math.sqrt(s * s + ref.tau2 + ref.targetVar);
    const z = (u.mean - ref.target) / s;
    const zD = (u.mean - ref.target) / sd;
    const sinyalMentah = sinyalDariZ(zD);
    const sampelKecil = u.n < minN;
    return {
      kode: u.kode,
      mean: u.mean,
      target: ref.target,
      tau2: ref.tau2,
      targetVar: ref.targetVar,
      se: s,
      sd,
      z,
      zD,
      ...limitsAround(u.n, ref.target, sd),
      sinyal: sampelKecil ? "sampel_kecil" : sinyalMentah,
      sinyalMentah,
      sampelKecil,
    };
  });
  return { ...params, reference, tau2Method, units: out, I: idx.length, N, zLow: od.zLow, zHigh: od.zHigh };
}
