import { describe, expect, it } from "vitest";
import { eskalasi, funnelCurve, funnelLimits, funnelMean, nGrid, pooledSd, sinyalDariZ } from "./funnel-mean.ts";
import { estimateOverdispersion, winsorBias } from "./overdispersion.ts";
import { Z95, Z998 } from "./dist.ts";

describe("funnel for a mean: a 3-unit example worked by hand", () => {
  // Units (n, mean) with respondent SD 10 inside each unit, so Σ(r − ȳ)² = (n − 1)·100:
  //   A: n = 25,  ȳ = 80, ss = 2400
  //   B: n = 100, ȳ = 78, ss = 9900
  //   C: n = 16,  ȳ = 70, ss = 1500
  // sw² = (2400 + 9900 + 1500) / (141 − 3) = 13800 / 138 = 100 → sw = 10.
  // θ0 = (25·80 + 100·78 + 16·70) / 141 = 10920 / 141 = 77,446808…
  // s = 10/√n: A 2, B 1, C 2,5.
  // z: A (80 − θ0)/2 = 1,276596; B (78 − θ0)/1 = 0,553191; C (70 − θ0)/2,5 = −2,978723.
  // Type-7 quantiles of the sorted z (zC, zB, zA): h = (3 − 1)·p.
  //   10%: h = 0,2 → zC + 0,2·(zB − zC) = −2,272340;   90%: h = 1,8 → zB + 0,8·(zA − zB) = 1,131915.
  // Winsorised: A 1,131915, B 0,553191, C −2,272340; mean square 2,250261; φ = 2,250261/0,6787 = 3,315546.
  // w = 1/s² = 0,25, 1, 0,16: Σw = 1,41, Σw² = 1,0881, Σw − Σw²/Σw = 0,638298.
  // τ² = (3·3,315546 − 2) / 0,638298 = 12,449733.
  // Limits for A (s = 2): θ0 ± z·√(4 + τ²) = θ0 ± z·3,528429: 99,8% 64,913362 – 89,980255; 95% 69,497534 – 85,396083.
  // C: z_D = −7,446809 / √(6,25 + 12,449733) = −1,722077 → normal.
  const units = [
    { kode: "A", n: 25, mean: 80, ss: 2400 },
    { kode: "B", n: 100, mean: 78, ss: 9900 },
    { kode: "C", n: 16, mean: 70, ss: 1500 },
  ];
  const res = funnelMean(units, { minN: 10 });
  const theta0 = 10920 / 141;
  const zA = (80 - theta0) / 2;
  const zB = 78 - theta0;
  const zC = (70 - theta0) / 2.5;
  const lo = zC + 0.2 * (zB - zC);
  const hi = zB + 0.8 * (zA - zB);
  const phi = (hi * hi + zB * zB + lo * lo) / 3 / 0.6787;
  const tau2 = (3 * phi - 2) / (1.41 - 1.0881 / 1.41);

  it("pooled SD, target, z", () => {
    expect(res.sw).toBeCloseTo(10, 12);
    expect(res.theta0).toBeCloseTo(77.446808510638, 10);
    expect(res.units.map((u) => u.z)).toEqual([expect.closeTo(1.276596, 5), expect.closeTo(0.553191, 5), expect.closeTo(-2.978723, 5)]);
  });
  it("winsorising bounds, φ, τ²", () => {
    expect(res.zLow).toBeCloseTo(-2.27234, 5);
    expect(res.zHigh).toBeCloseTo(1.131915, 5);
    expect(res.zLow).toBeCloseTo(lo, 12);
    expect(res.phi).toBeCloseTo(3.315546, 5);
    expect(res.phi).toBeCloseTo(phi, 12);
    expect(res.tau2).toBeCloseTo(12.449733, 5);
    expect(res.tau2).toBeCloseTo(tau2, 10);
  });
  it("limits at each unit's n and z_D", () => {
    const a = res.units[0];
    expect(a.bawah998).toBeCloseTo(64.913362, 5);
    expect(a.bawah95).toBeCloseTo(69.497534, 5);
    expect(a.atas95).toBeCloseTo(85.396083, 5);
    expect(a.atas998).toBeCloseTo(89.980255, 5);
    const c = res.units[2];
    expect(c.bawah998).toBeCloseTo(theta0 - 3.090232 * Math.sqrt(6.25 + tau2), 5);
    expect(c.zD).toBeCloseTo(-1.722077, 5);
    expect(c.sinyal).toBe("normal");
    // Without overdispersion C is beyond 99,8%: z = −2,98 < −1,96 only → waspada_rendah.
    const plain = funnelMean(units, { overdispersion: "none" });
    expect(plain.tau2).toBe(0);
    expect(plain.units[2].zD).toBeCloseTo(zC, 12);
    expect(plain.units[2].sinyal).toBe("waspada_rendah");
    expect(plain.units[2].bawah95).toBeCloseTo(theta0 - 1.959964 * 2.5, 5);
  });
  it("uncorrected φ switch and multiplicative form", () => {
    const raw = funnelMean(units, { correctWinsorBias: false });
    expect(raw.phi).toBeCloseTo(2.250261, 5);
    const mult = funnelMean(units, { overdispersion: "multiplicative" });
    expect(mult.tau2).toBe(0);
    expect(mult.units[0].atas95).toBeCloseTo(theta0 + 1.959964 * 2 * Math.sqrt(phi), 5);
    expect(mult.units[2].zD).toBeCloseTo(zC / Math.sqrt(phi), 10);
  });
  it("sw given directly and an external target", () => {
    const r = funnelMean(units.map(({ ss: _ss, ...u }) => u), { sw: 10, target: 76.61, overdispersion: "none" });
    expect(r.theta0).toBe(76.61);
    expect(r.units[1].z).toBeCloseTo(1.39, 10);
  });
});

describe("DerSimonian-Laird τ²", () => {
  // Without winsorising or correction, I·φ = Σ w (y − θ0)² = Cochran's Q, and θ0 = Σ n ȳ / N is the
  // inverse-variance weighted mean, so τ² must equal the textbook DL estimate.
  // Example: sw = 12, units (n, ȳ) = (36, 74), (64, 80), (144, 79), (16, 86).
  // w = n/144: 0,25, 0,444…, 1, 0,111…; Σw = 1,80556.
  // θ̂ = (0,25·74 + 0,4444·80 + 1·79 + 0,1111·86)/1,80556 = 142,6111/1,80556 = 78,98462.
  // Q = 0,25·4,98462² + 0,4444·1,01538² + 1·0,01538² + 0,1111·7,01538² = 6,21160 + 0,45822 + 0,00024 + 5,46839 = 12,13846
  // Σw² = 0,0625 + 0,19753 + 1 + 0,01235 = 1,27238; c = 1,80556 − 1,27238/1,80556 = 1,10087.
  // τ² = (12,13846 − 3)/1,10087 = 8,30118.
  const units = [
    { kode: "a", n: 36, mean: 74 },
    { kode: "b", n: 64, mean: 80 },
    { kode: "c", n: 144, mean: 79 },
    { kode: "d", n: 16, mean: 86 },
  ];
  it("matches the classic formula", () => {
    const r = funnelMean(units, { sw: 12, winsorise: 0, correctWinsorBias: false });
    const w = units.map((u) => u.n / 144);
    const sw = w.reduce((a, b) => a + b);
    const th = units.reduce((a, u, i) => a + w[i] * u.mean, 0) / sw;
    const Q = units.reduce((a, u, i) => a + w[i] * (u.mean - th) ** 2, 0);
    const c = sw - w.reduce((a, b) => a + b * b, 0) / sw;
    expect(r.theta0).toBeCloseTo(78.98462, 4);
    expect(r.tau2).toBeCloseTo((Q - 3) / c, 10);
    expect(r.tau2).toBeCloseTo(8.30118, 3);
  });
  it("is truncated at zero", () => {
    const same = units.map((u) => ({ ...u, mean: 80 }));
    expect(funnelMean(same, { sw: 12 }).tau2).toBe(0);
  });
});

describe("winsorising bias factor", () => {
  it("0,6787 is E[winsorised z²] under normality (numerical integration)", () => {
    const c = 1.2815515655446004; // Φ⁻¹(0,9)
    const dens = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    // Simpson on [−c, c] of x²·φ(x), plus both tails at c².
    const m = 2000;
    const h = (2 * c) / m;
    let s = 0;
    for (let i = 0; i <= m; i++) {
      const x = -c + i * h;
      s += (i === 0 || i === m ? 1 : i % 2 ? 4 : 2) * x * x * dens(x);
    }
    const e = (s * h) / 3 + 2 * 0.1 * c * c;
    expect(e).toBeCloseTo(0.6787, 4);
    expect(winsorBias(0.05)).toBeGreaterThan(e);
    expect(winsorBias(0.1)).toBe(0.6787);
  });
  it("φ on a larger set uses type-7 quantiles like d3", () => {
    const z = [-3, -1, -0.5, 0, 0.2, 0.4, 1, 1.5, 2, 4];
    // h = 9·0,1 = 0,9 → −3 + 0,9·2 = −1,2 ; h = 8,1 → 2 + 0,1·2 = 2,2
    const od = estimateOverdispersion(z, z.map(() => 1), { correctWinsorBias: false });
    expect(od.zLow).toBeCloseTo(-1.2, 12);
    expect(od.zHigh).toBeCloseTo(2.2, 12);
    const expected = [1.2, 1, 0.5, 0, 0.2, 0.4, 1, 1.5, 2, 2.2].reduce((a, x) => a + x * x, 0) / 10;
    expect(od.phi).toBeCloseTo(expected, 12);
  });
});

describe("signals, small samples, curves", () => {
  it("classifies z_D with strict thresholds", () => {
    expect(Z95).toBeCloseTo(1.959964, 6);
    expect(Z998).toBeCloseTo(3.090232, 6);
    expect(sinyalDariZ(-3.1)).toBe("alarm_rendah");
    expect(sinyalDariZ(-3.09)).toBe("waspada_rendah");
    expect(sinyalDariZ(-1.96)).toBe("waspada_rendah");
    expect(sinyalDariZ(-1.95)).toBe("normal");
    expect(sinyalDariZ(2)).toBe("waspada_tinggi");
    expect(sinyalDariZ(3.1)).toBe("alarm_tinggi");
  });
  it("escalates two periods of waspada to alarm", () => {
    expect(eskalasi("waspada_rendah", "waspada_rendah")).toBe("alarm_rendah");
    expect(eskalasi("alarm_rendah", "waspada_rendah")).toBe("alarm_rendah");
    expect(eskalasi("normal", "waspada_rendah")).toBe("waspada_rendah");
    expect(eskalasi(null, "waspada_tinggi")).toBe("waspada_tinggi");
    expect(eskalasi("waspada_tinggi", "waspada_tinggi")).toBe("alarm_tinggi");
  });
  it("labels small samples and keeps them out of φ", () => {
    const units = [
      { kode: "kecil", n: 4, mean: 40, ss: 300 },
      ...Array.from({ length: 10 }, (_, i) => ({ kode: `u${i}`, n: 50 + 10 * i, mean: 78 + (i % 3) - 1, ss: (49 + 10 * i) * 100 })),
    ];
    const r = funnelMean(units, { minN: 10 });
    const k = r.units[0];
    expect(k.sampelKecil).toBe(true);
    expect(k.sinyal).toBe("sampel_kecil");
    expect(k.sinyalMentah).toBe("alarm_rendah");
    expect(r.I).toBe(10);
    const without = funnelMean(units.slice(1), { sw: r.sw, target: r.theta0 });
    expect(r.tau2).toBeCloseTo(without.tau2, 12);
  });
  it("draws curves over a log grid that match the per-unit limits", () => {
    const p = { theta0: 80, sw: 10, tau2: 1, phi: 1.2, overdispersion: "additive" as const };
    const grid = nGrid(10, 400, 5);
    expect(grid[0]).toBeCloseTo(10, 12);
    expect(grid[4]).toBeCloseTo(400, 9);
    expect(grid[2]).toBeCloseTo(Math.sqrt(10 * 400), 9);
    const curve = funnelCurve(p, grid);
    expect(curve[2].atas998).toBeCloseTo(80 + Z998 * Math.sqrt(100 / grid[2] + 1), 12);
    expect(curve[0].bawah95).toBeLessThan(curve[4].bawah95);
    expect(funnelLimits(p, 100).bawah95).toBeCloseTo(80 - Z95 * Math.sqrt(2), 12);
  });
  it("pooledSd refuses data without ss", () => {
    expect(() => pooledSd([{ n: 5 }])).toThrow();
  });
});

describe("robust_pm τ² (project addition)", () => {
  it("solves its moment equation and is 0 when the units agree", () => {
    const units = [
      { kode: "a", n: 400, mean: 84 },
      { kode: "b", n: 300, mean: 75 },
      { kode: "c", n: 200, mean: 80 },
      { kode: "d", n: 100, mean: 78 },
      { kode: "e", n: 50, mean: 81 },
      { kode: "f", n: 25, mean: 77 },
    ];
    const r = funnelMean(units, { sw: 10, tau2Method: "robust_pm" });
    expect(r.tau2).toBeGreaterThan(0);
    // At the solution the corrected winsorised mean square of z_D equals (I − 1)/I.
    const zd = r.units.map((u) => u.zD).sort((x, y) => x - y);
    const h = (p: number) => {
      const k = (zd.length - 1) * p;
      const i = Math.floor(k);
      return zd[i] + (k - i) * (zd[i + 1] - zd[i]);
    };
    const lo = h(0.1);
    const hi = h(0.9);
    const ms = zd.reduce((a, v) => a + Math.min(hi, Math.max(lo, v)) ** 2, 0) / zd.length / 0.6787;
    expect(ms).toBeCloseTo(5 / 6, 6);
    const flat = funnelMean(units.map((u) => ({ ...u, mean: 80 })), { sw: 10, tau2Method: "robust_pm" });
    expect(flat.tau2).toBe(0);
  });
});
