import { describe, expect, it } from "vitest";
import { binomialLimit, funnelProportion, proportionCurve, proportionLimits } from "./funnel-proportion.ts";

/** C(n, k) θ^k (1 − θ)^(n − k) summed term by term: a second computation of F, not the library. */
function cdfBySum(r: number, n: number, theta: number): number {
  let total = 0;
  let coef = 1; // C(n, 0)
  for (let k = 0; k <= r; k++) {
    if (k > 0) coef = (coef * (n - k + 1)) / k;
    total += coef * theta ** k * (1 - theta) ** (n - k);
  }
  return total;
}

function limitBySum(p: number, n: number, theta: number): number {
  let r = 0;
  while (cdfBySum(r, n, theta) < p) r++;
  const F = cdfBySum(r, n, theta);
  const Fm = r > 0 ? cdfBySum(r - 1, n, theta) : 0;
  return (r - (F - p) / (F - Fm)) / n;
}

describe("exact binomial limits with interpolation", () => {
  // n = 20, θ0 = 0,8 (n·θ0·(1 − θ0) = 3,2 < 10, so exact).
  // p = 0,025: F(11) = 0,009982, F(12) = 0,032143 → r_p = 12, α = (0,032143 − 0,025)/(0,032143 − 0,009982) = 0,322310,
  //   limit = (12 − 0,322310)/20 = 0,583885.
  // p = 0,975: F(18) = 0,930825, F(19) = 0,988471 → r_p = 19, α = 0,233681, limit = 0,938316.
  // p = 0,001: r_p = 10 (F = 0,002595; F(9) = 0,000563), α = 0,785083, limit = 0,460746.
  // p = 0,999: r_p = 20 (F = 1; F(19) = 0,988471), α = 0,086736, limit = 0,995663.
  it("n = 20, θ0 = 0,8", () => {
    expect(cdfBySum(12, 20, 0.8)).toBeCloseTo(0.032143, 6);
    expect(binomialLimit(0.025, 20, 0.8)).toBeCloseTo(0.583885, 6);
    expect(binomialLimit(0.975, 20, 0.8)).toBeCloseTo(0.938316, 6);
    expect(binomialLimit(0.001, 20, 0.8)).toBeCloseTo(0.460746, 6);
    expect(binomialLimit(0.999, 20, 0.8)).toBeCloseTo(0.995663, 6);
    for (const p of [0.001, 0.025, 0.975, 0.999]) expect(binomialLimit(p, 20, 0.8)).toBeCloseTo(limitBySum(p, 20, 0.8), 12);
    const l = proportionLimits({ theta0: 0.8, tau2: 0, phi: 1, overdispersion: "none", normalThreshold: 10 }, 20);
    expect(l.metode).toBe("exact");
    expect(l.bawah95).toBeCloseTo(0.583885, 5);
    expect(l.atas998).toBeCloseTo(0.995663, 5);
  });
  it("agrees with the term-by-term sums on other cases", () => {
    for (const [n, t] of [[7, 0.5], [30, 0.9], [45, 0.95], [12, 0.3]] as const) {
      for (const p of [0.001, 0.025, 0.975, 0.999]) expect(binomialLimit(p, n, t)).toBeCloseTo(Math.min(1, Math.max(0, limitBySum(p, n, t))), 10);
    }
  });
  it("normal form from n·θ0·(1 − θ0) ≥ 10", () => {
    const params = { theta0: 0.8, tau2: 0, phi: 1, overdispersion: "none" as const, normalThreshold: 10 };
    const l = proportionLimits(params, 100); // 16 ≥ 10
    expect(l.metode).toBe("normal");
    expect(l.bawah95).toBeCloseTo(0.8 - 1.959964 * 0.04, 6);
    expect(l.atas998).toBeCloseTo(0.8 + 3.090232 * 0.04, 6);
    expect(proportionLimits(params, 62).metode).toBe("exact"); // 9,92 < 10
    expect(proportionLimits(params, 63).metode).toBe("normal"); // 10,08
  });
  it("arcsine limits clamp the angle before squaring the sine", () => {
    // θ0 = 0,98, τ² = 0,05, n = 20: θ0* = asin(√0,98) = 1,428899, sd = √(1/80 + 0,05) = 0,25.
    // Upper 99,8%: 1,428899 + 0,772558 > π/2 → clamped to π/2 → 1 (unclamped it would fold back to 0,53).
    const l = proportionLimits({ theta0: 0.98, tau2: 0.05, phi: 2, overdispersion: "additive", normalThreshold: 10 }, 20);
    expect(l.metode).toBe("arcsine");
    expect(l.atas998).toBe(1);
    expect(l.bawah95).toBeCloseTo(Math.sin(1.428899 - 1.959964 * 0.25) ** 2, 5);
    const low = proportionLimits({ theta0: 0.02, tau2: 0.05, phi: 2, overdispersion: "additive", normalThreshold: 10 }, 20);
    expect(low.bawah998).toBe(0);
  });
  it("funnel over units: target, signals from the drawn limits, small samples", () => {
    const units = [
      { kode: "A", n: 200, r: 170 },
      { kode: "B", n: 150, r: 126 },
      { kode: "C", n: 60, r: 36 },
      { kode: "D", n: 5, r: 1 },
      { kode: "E", n: 90, r: 78 },
    ];
    const res = funnelProportion(units, { overdispersion: "none" });
    expect(res.theta0).toBeCloseTo(411 / 505, 12);
    const c = res.units[2];
    // C: 0,6 with limits around 0,814 at n = 60 (n·θ0·(1−θ0) = 9,09 → exact)
    expect(c.metode).toBe("exact");
    expect(c.sinyal).toBe("alarm_rendah");
    expect(res.units[3].sinyal).toBe("sampel_kecil");
    expect(res.units[3].sampelKecil).toBe(true);
    for (const u of res.units) expect(u.z).toBeCloseTo((Math.asin(Math.sqrt(u.p)) - Math.asin(Math.sqrt(res.theta0))) * 2 * Math.sqrt(u.n), 12);
    const curve = proportionCurve(res, [10, 20.4, 400]);
    expect(curve.map((l) => l.n)).toEqual([10, 20, 400]);
  });
  it("overdispersed proportions: arcsine limits agree with z_D", () => {
    const units = [0.95, 0.7, 0.9, 0.6, 0.85, 0.98, 0.75, 0.88, 0.5, 0.92].map((p, i) => ({ kode: `j${i}`, n: 100 + 40 * i, r: Math.round(p * (100 + 40 * i)) }));
    const res = funnelProportion(units);
    expect(res.tau2).toBeGreaterThan(0);
    for (const u of res.units) {
      expect(u.metode).toBe("arcsine");
      expect(u.sinyal === "alarm_rendah").toBe(u.zD < -3.090232);
      expect(u.sinyal === "normal").toBe(Math.abs(u.zD) <= 1.959964);
    }
    const none = funnelProportion(units, { overdispersion: "none" });
    expect(none.tau2).toBe(0);
    expect(none.units.filter((u) => u.sinyal !== "normal").length).toBeGreaterThan(res.units.filter((u) => u.sinyal !== "normal").length);
  });
});
