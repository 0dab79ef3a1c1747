import { describe, expect, it } from "vitest";
import { rankability, rankIntervals, ranksShown } from "./rank.ts";

describe("rankability", () => {
  it("ρ = τ² / (τ² + median s²)", () => {
    // s = 1, 2, 3 → s² = 1, 4, 9, median 4; τ² = 4 → ρ = 0,5.
    expect(rankability(4, [3, 1, 2])).toBeCloseTo(0.5, 12);
    // even count: s² = 1, 4, 9, 16 → median 6,5; τ² = 2 → 2/8,5.
    expect(rankability(2, [1, 2, 3, 4])).toBeCloseTo(2 / 8.5, 12);
    expect(ranksShown(0.49)).toBe(false);
    expect(ranksShown(0.5)).toBe(true);
  });
});

describe("rank intervals by simulation", () => {
  it("well-separated units get their exact ranks; bottom quarter only when the whole interval lies there", () => {
    const units = Array.from({ length: 8 }, (_, i) => ({ kode: `u${i}`, estimate: 10 * (i + 1), se: 0.01 }));
    const r = rankIntervals(units, { B: 500, seed: 7 });
    // Highest estimate is rank 1; 8 units → bottom quarter = ranks 7 and 8.
    expect(r.map((x) => x.rank)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(r.map((x) => [x.lo, x.medianRank, x.hi])).toEqual([8, 7, 6, 5, 4, 3, 2, 1].map((k) => [k, k, k]));
    expect(r.map((x) => x.bottomQuarter)).toEqual([true, true, false, false, false, false, false, false]);
    expect(r[0].pBottomQuarter).toBe(1);
    expect(r[2].pBottomQuarter).toBe(0);
  });
  it("indistinguishable units: wide intervals, P(bottom quarter) ≈ ⌈I/4⌉/I, no calls", () => {
    const units = Array.from({ length: 8 }, (_, i) => ({ kode: `u${i}`, estimate: 80, se: 5 }));
    const r = rankIntervals(units, { B: 4000, seed: 3 });
    for (const u of r) {
      expect(u.bottomQuarter).toBe(false);
      expect(u.lo).toBe(1);
      expect(u.hi).toBe(8);
      expect(Math.abs(u.pBottomQuarter - 0.25)).toBeLessThan(0.03);
    }
  });
  it("is reproducible with a seed, and lower-is-better reverses ranks", () => {
    const units = [
      { kode: "a", estimate: 70, se: 3 },
      { kode: "b", estimate: 75, se: 3 },
      { kode: "c", estimate: 80, se: 3 },
      { kode: "d", estimate: 78, se: 6 },
    ];
    expect(rankIntervals(units, { B: 1000, seed: 11 })).toEqual(rankIntervals(units, { B: 1000, seed: 11 }));
    const lower = rankIntervals(units, { B: 1000, seed: 11, higherIsBetter: false });
    expect(lower.map((u) => u.rank)).toEqual([1, 2, 4, 3]);
  });
  it("the small unit far below is not called bottom quarter when its interval is wide", () => {
    // A unit estimated lowest but with a large SE (few respondents) gets a wide interval.
    const units = [
      ...Array.from({ length: 11 }, (_, i) => ({ kode: `u${i}`, estimate: 76 + i, se: 1 })),
      { kode: "kecil", estimate: 70, se: 8 },
    ];
    const r = rankIntervals(units, { B: 4000, seed: 5 });
    const k = r.find((u) => u.kode === "kecil")!;
    expect(k.rank).toBe(12);
    expect(k.lo).toBeLessThanOrEqual(9);
    expect(k.bottomQuarter).toBe(false);
  });
  it("shrinkage pulls draws towards θ0", () => {
    const units = [
      { kode: "a", estimate: 60, se: 10 },
      { kode: "b", estimate: 80, se: 1 },
      { kode: "c", estimate: 79, se: 1 },
    ];
    const raw = rankIntervals(units, { B: 2000, seed: 2 });
    const shr = rankIntervals(units, { B: 2000, seed: 2, shrink: { theta0: 80, tau2: 1 } });
    expect(shr[0].pBottomQuarter).toBeLessThan(raw[0].pBottomQuarter);
  });
});
