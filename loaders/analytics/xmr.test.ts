import { describe, expect, it } from "vitest";
import { anhoj, anhojLimits, decumulate, likeQuarters, meanMovingRange, opdFlag, xmr } from "./xmr.ts";
import { makeRng } from "./rng.ts";

describe("XmR limits on a hand series", () => {
  // 12 baseline points: 10 12 11 13 12 14 13 12 11 13 12 14, sum 147 → x̄ = 12,25.
  // Moving ranges: 2 1 2 1 2 1 1 1 2 1 2, sum 16 → MR̄ = 16/11 = 1,454545.
  // 3σ: 12,25 ± 2,66·1,454545 = 12,25 ± 3,869091 → 8,380909 – 16,119091.
  // 2σ: 12,25 ± 1,773·1,454545 = 12,25 ± 2,578909 → 9,671091 – 14,828909.
  const base = [10, 12, 11, 13, 12, 14, 13, 12, 11, 13, 12, 14];
  it("limits", () => {
    const r = xmr(base);
    expect(r.mode).toBe("xmr");
    expect(r.centre).toBeCloseTo(12.25, 12);
    expect(r.mrBar).toBeCloseTo(1.454545, 6);
    expect(r.ucl).toBeCloseTo(16.119091, 6);
    expect(r.lcl).toBeCloseTo(8.380909, 6);
    expect(r.upper2s).toBeCloseTo(14.828909, 6);
    expect(r.lower2s).toBeCloseTo(9.671091, 6);
    expect(r.luar3s).toBe(false);
    expect(r.sinyal).toBe(false);
  });
  it("a 13th point beyond 3σ signals, the baseline stays locked", () => {
    const r = xmr([...base, 17]);
    expect(r.ucl).toBeCloseTo(16.119091, 6);
    expect(r.terakhirLuar3s).toBe(true);
    expect(r.points[12].luar3s).toBe("atas");
    expect(r.sinyal).toBe(true);
    expect(r.alasan[0]).toMatch(/3σ/);
    const r2 = xmr([...base, 15]);
    expect(r2.points[12].luar2s).toBe("atas");
    expect(r2.points[12].luar3s).toBeNull();
  });
  it("nulls are skipped but indices kept", () => {
    const r = xmr([null, ...base, null, 5]);
    expect(r.centre).toBeCloseTo(12.25, 12);
    expect(r.points[r.points.length - 1]).toMatchObject({ index: 14, nilai: 5, luar3s: "bawah" });
  });
  it("fewer than 12 points: no limits; a longer baseline is honoured", () => {
    expect(xmr(base.slice(0, 11)).mode).toBe("baseline_kurang");
    expect(xmr(base.slice(0, 11)).ucl).toBeNull();
    expect(xmr(base, { baselineLength: 8 }).baselineLength).toBe(12);
    const long = [...base, 12, 13, 12, 11];
    const r = xmr(long, { baselineLength: 16 });
    expect(r.centre).toBeCloseTo(long.reduce((a, b) => a + b) / 16, 12);
    expect(r.mrBar).toBeCloseTo(meanMovingRange(long), 12);
  });
  it("run chart only when MR̄ = 0 or half the points are equal", () => {
    expect(xmr(new Array(12).fill(100)).mode).toBe("run_chart");
    const capped = [120, 95, 120, 110, 120, 120, 98, 120, 105, 120, 100, 99];
    const r = xmr(capped);
    expect(r.mode).toBe("run_chart");
    expect(r.ucl).toBeNull();
    expect(r.luar3s).toBe(false);
  });
});

/** Sides as a string (B below, A above) → values −1 / +1 around median 0. */
const fromSides = (pattern: string) => [...pattern].map((c) => (c === "A" ? 1 : -1));

describe("Anhøj runs rules", () => {
  it("n = 20: run ≥ 8 or crossings ≤ 5 signal", () => {
    expect(anhojLimits(20)).toEqual({ runLimit: 7, crossingsLimit: 6 });
    // Second computation of the 5% quantile of Binomial(19, 0,5): cumulative sums of C(19, k)/2^19.
    let cum = 0;
    let coef = 1;
    let k = 0;
    for (; ; k++) {
      if (k > 0) coef = (coef * (19 - k + 1)) / k;
      cum += coef / 2 ** 19;
      if (cum >= 0.05) break;
    }
    expect(k).toBe(6);
  });
  it("counts runs and crossings", () => {
    // 7 runs (6 crossings), longest 4: no signal.
    const quiet = anhoj(fromSides("BBBAAABBBAAAABBAAABB"));
    expect(quiet).toMatchObject({ median: 0, n: 20, longestRun: 4, crossings: 6, signal: false });
    // Longest run exactly 7 and 7 crossings: no signal.
    expect(anhoj(fromSides("BBBBBBBABAAAAAAABABA"))).toMatchObject({ longestRun: 7, crossings: 7, signal: false });
    // 6 runs → 5 crossings: crossing signal, no run signal.
    expect(anhoj(fromSides("BBBBAAABBBAAAABBBAAA"))).toMatchObject({ crossings: 5, longestRun: 4, crossingSignal: true, runSignal: false });
    // A run of 8 below.
    expect(anhoj(fromSides("BBBBBBBBAAAAAAAABABA"))).toMatchObject({ longestRun: 8, longestRunSide: "bawah", runSignal: true });
  });
  it("excludes points on the median", () => {
    const r = anhoj([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    expect(r.median).toBe(11);
    expect(r.n).toBe(20);
    expect(r.longestRun).toBe(10);
    expect(r.crossings).toBe(1);
    expect(r.signal).toBe(true);
  });
  it("keeps false signals on stable 20-point charts near 5-10%", () => {
    let signals = 0;
    const S = 2000;
    for (let s = 0; s < S; s++) {
      const rng = makeRng(s, 3);
      const r = xmr(Array.from({ length: 20 }, () => rng.normal(100, 5)));
      if (r.runs.signal) signals++;
    }
    const rate = signals / S;
    expect(rate).toBeGreaterThan(0.02);
    expect(rate).toBeLessThan(0.12);
  });
});

describe("de-cumulation and the OPD flag", () => {
  it("de-cumulates per year", () => {
    const out = decumulate([
      { tahun: 2025, triwulan: 3, nilai: 40 },
      { tahun: 2024, triwulan: 1, nilai: 10 },
      { tahun: 2024, triwulan: 2, nilai: 25 },
      { tahun: 2024, triwulan: 3, nilai: 45 },
      { tahun: 2024, triwulan: 4, nilai: 70 },
      { tahun: 2025, triwulan: 1, nilai: 12 },
      { tahun: 2025, triwulan: 2, nilai: null },
    ]);
    expect(out.map((q) => q.nilai)).toEqual([10, 15, 20, 25, 12, null, null]);
  });
  it("picks like quarters", () => {
    const s = [
      { tahun: 2025, triwulan: 3 as const, nilai: 5 },
      { tahun: 2024, triwulan: 3 as const, nilai: 4 },
      { tahun: 2024, triwulan: 2 as const, nilai: 9 },
    ];
    expect(likeQuarters(s, 3).map((q) => q.tahun)).toEqual([2024, 2025]);
  });
  it("flags an OPD for two signalling indicators or one beyond 3σ", () => {
    expect(opdFlag([{ kode: "a", sinyal: true, luar3s: false }, { kode: "b", sinyal: false, luar3s: false }]).flagged).toBe(false);
    expect(opdFlag([{ kode: "a", sinyal: true, luar3s: false }, { kode: "b", sinyal: true, luar3s: false }])).toEqual({ flagged: true, alasan: "dua_indikator", kode: ["a", "b"] });
    expect(opdFlag([{ kode: "a", sinyal: true, luar3s: true }])).toEqual({ flagged: true, alasan: "luar_3s", kode: ["a"] });
  });
});
