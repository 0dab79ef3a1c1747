import { describe, expect, it } from "vitest";
import { benjaminiHochberg, contrastWithCity, restOfCity, welch } from "./change.ts";

/** Student t CDF by Simpson integration of the density from 0 to |t|: a second computation. */
function tCdfBySimpson(t: number, nu: number): number {
  const lg = (x: number) => {
    // Lanczos log-gamma (g = 7), enough for the density's constant.
    const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
    x -= 1;
    let a = c[0];
    const tt = x + 7.5;
    for (let i = 1; i < 9; i++) a += c[i] / (x + i);
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(tt) - tt + Math.log(a);
  };
  const k = Math.exp(lg((nu + 1) / 2) - lg(nu / 2)) / Math.sqrt(nu * Math.PI);
  const f = (x: number) => k * (1 + (x * x) / nu) ** (-(nu + 1) / 2);
  const m = 4000;
  const h = Math.abs(t) / m;
  let s = 0;
  for (let i = 0; i <= m; i++) s += (i === 0 || i === m ? 1 : i % 2 ? 4 : 2) * f(i * h);
  const half = (s * h) / 3;
  return t >= 0 ? 0.5 + half : 0.5 - half;
}

describe("Welch from summary statistics", () => {
  // Before: n 10, mean 70, sd 8; after: n 12, mean 75, sd 10.
  // s1²/n1 = 6,4; s2²/n2 = 8,333333; SE = √14,733333 = 3,838402; Δ = 5; t = 1,302625.
  // ν = 14,733333² / (6,4²/9 + 8,333333²/11) = 217,071111 / (4,551111 + 6,313131) = 19,980 (≈ 19,98).
  it("hand example", () => {
    const r = welch({ n: 10, mean: 70, sd: 8 }, { n: 12, mean: 75, sd: 10 });
    expect(r.delta).toBe(5);
    expect(r.se).toBeCloseTo(3.838402, 6);
    expect(r.t).toBeCloseTo(1.302625, 6);
    expect(r.df).toBeCloseTo(217.071111 / (4.551111 + 6.313131), 4);
    expect(r.df).toBeCloseTo(19.98, 2);
    const p = 2 * (1 - tCdfBySimpson(r.t, r.df));
    expect(r.p).toBeCloseTo(p, 6);
    expect(r.p).toBeGreaterThan(0.2);
    expect(r.p).toBeLessThan(0.21);
    expect(r.pTurun).toBeCloseTo(tCdfBySimpson(r.t, r.df), 6);
  });
  it("a clear fall", () => {
    const r = welch({ n: 200, mean: 82, sd: 10 }, { n: 180, mean: 77, sd: 11 });
    expect(r.p).toBeCloseTo(2 * tCdfBySimpson(r.t, r.df), 8);
    expect(r.pTurun).toBeLessThan(1e-5);
  });
});

describe("rest of the city and the city contrast", () => {
  const stats = (xs: number[]) => {
    const n = xs.length;
    const mean = xs.reduce((a, b) => a + b) / n;
    return { n, mean, sd: Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) };
  };
  it("subtracts a unit's summary from the city's exactly", () => {
    const unit = [70, 75, 80, 65, 72];
    const rest = [80, 85, 90, 78, 82, 88, 79];
    const r = restOfCity(stats([...unit, ...rest]), stats(unit));
    const e = stats(rest);
    expect(r.n).toBe(7);
    expect(r.mean).toBeCloseTo(e.mean, 10);
    expect(r.sd).toBeCloseTo(e.sd, 10);
  });
  it("tests Δ_unit − Δ_city with four variance components", () => {
    const u1 = { n: 50, mean: 80, sd: 10 };
    const u2 = { n: 60, mean: 72, sd: 10 };
    const c1 = { n: 1000, mean: 79, sd: 10 };
    const c2 = { n: 1000, mean: 78, sd: 10 };
    const r = contrastWithCity({ before: u1, after: u2 }, { before: c1, after: c2 }, { cityIncludesUnit: false });
    expect(r.deltaUnit).toBe(-8);
    expect(r.deltaCity).toBe(-1);
    expect(r.delta).toBe(-7);
    expect(r.se).toBeCloseTo(Math.sqrt(100 / 50 + 100 / 60 + 100 / 1000 + 100 / 1000), 12);
    expect(r.pTurun).toBeLessThan(0.001);
    const inc = contrastWithCity({ before: u1, after: u2 }, { before: c1, after: c2 });
    expect(inc.deltaCity).toBeCloseTo((1000 * 78 - 60 * 72) / 940 - (1000 * 79 - 50 * 80) / 950, 10);
  });
});

describe("Benjamini-Hochberg", () => {
  // Benjamini & Hochberg 1995, §4: 15 p-values; at q = 0,05 the procedure rejects the 4 smallest
  // (p_(4) = 0,0095 ≤ 4·0,05/15 = 0,01333; p_(k) > k·0,05/15 for every k ≥ 5).
  const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];
  it("textbook example", () => {
    const shuffled = [p[9], p[3], p[14], p[0], p[5], p[2], p[12], p[1], p[4], p[6], p[7], p[8], p[10], p[11], p[13]];
    const r = benjaminiHochberg(shuffled, 0.05);
    expect(r.kStar).toBe(4);
    expect(r.threshold).toBeCloseTo(4 * 0.05 / 15, 12);
    expect(shuffled.filter((_, i) => r.rejected[i]).sort((a, b) => a - b)).toEqual([0.0001, 0.0004, 0.0019, 0.0095]);
    // Adjusted p of 0,0095 = min over k ≥ 4 of p_(k)·15/k = 0,0095·15/4 = 0,035625.
    expect(r.adjusted[1]).toBeCloseTo(0.035625, 10);
    expect(r.adjusted[3]).toBeCloseTo(0.0015, 10);
    expect(r.adjusted[2]).toBe(1);
  });
  it("step-up: a later small enough p rescues earlier ones; missing values are not counted", () => {
    const r = benjaminiHochberg([0.04, 0.03, 0.045, null, NaN], 0.05);
    expect(r.m).toBe(3);
    expect(r.kStar).toBe(3);
    expect(r.rejected).toEqual([true, true, true, false, false]);
    expect(benjaminiHochberg([0.5, 0.6]).kStar).toBe(0);
  });
});
