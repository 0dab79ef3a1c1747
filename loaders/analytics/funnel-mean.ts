// Funnel plot for a mean score, e.g. IKM across service units (METHODS.md §1).
// Spiegelhalter DJ (2005) "Funnel plots for comparing institutional performance", Stat Med 24:1185,
// and "Handling over-dispersion of performance indicators", QSHC 14:347; τ² by DerSimonian & Laird 1986.
// Pure functions, no I/O: DuckDB computes the per-unit aggregates (n, mean, Σ(r − mean)²).
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
  /** τ² estimator: 'dl' (default, METHODS §1) or 'robust_pm' (see overdispersion.ts and RATES.md). */
  tau2Method?: "dl" | "robust_pm" | "winsor_mixture";
  /** Default 'additive' (METHODS §1: multiplicative is wrong when unit sizes differ by > ~4×). */
  overdispersion?: Overdispersi;
  /** Units with n below this are labelled 'sampel_kecil' and get no signal (default 10). */
  minN?: number;
}

export interface FunnelParams {
  theta0: number;
  sw: number;
  /** Between-unit variance τ² (0 unless overdispersion = 'additive'). */
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
  /** s_i = sw / √n. */
  se: number;
  /** Plain z = (ȳ − θ0) / s. */
  z: number;
  /** Overdispersion-adjusted z_D = (ȳ − θ0) / √(s² + τ²) (or z/√φ when multiplicative). */
  zD: number;
  /** Signal from z_D; 'sampel_kecil' replaces it when n < minN (never ranked worst). */
  sinyal: Sinyal | "sampel_kecil";
  /** The signal z_D would give, also for small samples (for notes, not for lists). */
  sinyalMentah: Sinyal;
  sampelKecil: boolean;
}

export interface FunnelMeanResult extends FunnelParams {
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

export function funnelMean(units: readonly MeanUnitInput[], opts: FunnelMeanOptions = {}): FunnelMeanResult {
  const mode = opts.overdispersion ?? "additive";
  const minN = opts.minN ?? 10;
  const valid = units.filter((u) => u.n >= 1 && Number.isFinite(u.mean));
  if (valid.length !== units.length) throw new Error("funnelMean: every unit needs n ≥ 1 and a finite mean");
  const N = valid.reduce((a, u) => a + u.n, 0);
  const sw = opts.sw ?? pooledSd(valid);
  const theta0 = opts.target ?? valid.reduce((a, u) => a + u.n * u.mean, 0) / N;
  const se = valid.map((u) => sw / Math.sqrt(u.n));
  const z = valid.map((u, i) => (u.mean - theta0) / se[i]);

  // φ and τ² from the units large enough to be judged (small units' z are the least normal).
  const idx = valid.map((_, i) => i).filter((i) => valid[i].n >= minN);
  const od = estimateOverdispersion(
    idx.map((i) => z[i]),
    idx.map((i) => se[i]),
    { winsorise: opts.winsorise ?? 0.1, correctWinsorBias: opts.correctWinsorBias ?? true, tau2Method: opts.tau2Method },
  );
  const tau2 = mode === "additive" ? od.tau2 : 0;
  const params: FunnelParams = { theta0, sw, tau2, phi: od.phi, overdispersion: mode };

  const out = valid.map((u, i): MeanUnitResult => {
    const s = se[i];
    const zD =
      mode === "additive"
        ? (u.mean - theta0) / Math.sqrt(s * s + tau2)
        : mode === "multiplicative"
          ? z[i] / Math.sqrt(Math.max(1, od.phi))
          : z[i];
    const sinyalMentah = sinyalDariZ(zD);
    const sampelKecil = u.n < minN;
    return {
      kode: u.kode,
      mean: u.mean,
      se: s,
      z: z[i],
      zD,
      ...funnelLimits(params, u.n),
      sinyal: sampelKecil ? "sampel_kecil" : sinyalMentah,
      sinyalMentah,
      sampelKecil,
    };
  });
  return { ...params, units: out, I: idx.length, N, zLow: od.zLow, zHigh: od.zHigh };
}
