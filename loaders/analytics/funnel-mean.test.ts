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
  const res = funnelMean(units, { reference: "city", minN: 10 });
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
    const plain = funnelMean(units, { reference: "city", overdispersion: "none" });
    expect(plain.tau2).toBe(0);
    expect(plain.units[2].zD).toBeCloseTo(zC, 12);
    expect(plain.units[2].sinyal).toBe("waspada_rendah");
    expect(plain.units[2].bawah95).toBeCloseTo(theta0 - 1.959964 * 2.5, 5);
  });
  it("uncorrected φ switch and multiplicative form", () => {
    const raw = funnelMean(units, { reference: "city", correctWinsorBias: false });
    expect(raw.phi).toBeCloseTo(2.250261, 5);
    const mult = funnelMean(units, { reference: "city", overdispersion: "multiplicative" });
    expect(mult.tau2).toBe(0);
    expect(mult.units[0].atas95).toBeCloseTo(theta0 + 1.959964 * 2 * Math.sqrt(phi), 5);
    expect(mult.units[2].zD).toBeCloseTo(zC / Math.sqrt(phi), 10);
  });
  it("sw given directly and an external target", () => {
    const r = funnelMean(units.map(({ ss: _ss, ...u }) => u), { reference: "city", sw: 10, target: 76.61, overdispersion: "none" });
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
    const r = funnelMean(units, { reference: "city", sw: 12, winsorise: 0, correctWinsorBias: false });
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
    expect(funnelMean(same, { reference: "city", sw: 12 }).tau2).toBe(0);
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
    const r = funnelMean(units, { reference: "city", minN: 10 });
    const k = r.units[0];
    expect(k.sampelKecil).toBe(true);
    expect(k.sinyal).toBe("sampel_kecil");
    expect(k.sinyalMentah).toBe("alarm_rendah");
    expect(r.I).toBe(10);
    const without = funnelMean(units.slice(1), { reference: "city", sw: r.sw, target: r.theta0 });
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

/** Six units of unequal size with real spread (used by the robust_pm and leave-one-out checks). */
const SIX_UNITS = [
  { kode: "a", n: 400, mean: 84 },
  { kode: "b", n: 300, mean: 75 },
  { kode: "c", n: 200, mean: 80 },
  { kode: "d", n: 100, mean: 78 },
  { kode: "e", n: 50, mean: 81 },
  { kode: "f", n: 25, mean: 77 },
];

describe("robust_pm τ² (project addition)", () => {
  it("solves its moment equation and is 0 when the units agree", () => {
    const units = SIX_UNITS;
    const r = funnelMean(units, { reference: "city", sw: 10, tau2Method: "robust_pm" });
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
    const flat = funnelMean(units.map((u) => ({ ...u, mean: 80 })), { reference: "city", sw: 10, tau2Method: "robust_pm" });
    expect(flat.tau2).toBe(0);
  });
});

/**
 * E[min(Z², c²)] for Z ~ N(0, 1) and c = Φ⁻¹(0,9), by Simpson's rule (independent of overdispersion.ts):
 * the exact winsorising factor (≈ 0,678655; METHODS rounds it to 0,6787). winsor_mixture uses the exact
 * value: for units of equal s every z_i has the same variance v = 1 + τ²/s², the mixture is one normal,
 * its 90% point is c·√v and each unit's expected winsorised z² is v·B.
 */
function exactWinsorFactor(): number {
  const c = 1.2815515655446004;
  const dens = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const m = 4000;
  const h = (2 * c) / m;
  let s = 0;
  for (let i = 0; i <= m; i++) {
    const x = -c + i * h;
    s += (i === 0 || i === m ? 1 : i % 2 ? 4 : 2) * x * x * dens(x);
  }
  return (s * h) / 3 + 2 * 0.1 * c * c;
}

describe("leave-one-out reference (the default): worked by hand", () => {
  const B = exactWinsorFactor();
  it("the exact winsorising factor", () => {
    // Closed form (1 − 2p) − 2c·φ(c) + 2p·c² at p = 0,1: 0,8 − 0,449821 + 0,328475 = 0,678655.
    expect(B).toBeCloseTo(0.6786546, 6);
  });

  // Three units of 25 respondents, sw = 10 (s² = 4 for all), means A 70, B 80, C 86.
  // Unit i against the two others, whose means differ by d: θ0,−i = their mean, their deviations ±d/2,
  // z = ±d/(2s). Type-7 quantiles of two values (h = 0,1 and 0,9): −d/(2s) + 0,1·d/s = −0,4·d/s and
  // +0,4·d/s, so both z are winsorised to ±0,4·d/s: Σ z_w² = 0,32·d²/s².
  // winsor_mixture with I = 2: ((I − 1)/I)·Σ v·B = v·B = 0,32·d²/s² → v = 0,32·d²/(s²·B),
  // τ²_−i = s²·(v − 1) = 0,32·d²/B − s² (when positive).
  // Var(θ0,−i) = Σ (1/2)²·(s² + τ²_−i) = (s² + τ²_−i)/2; total s² + τ²_−i + Var = 1,5·(s² + τ²_−i) = 0,48·d²/B.
  //   A: d = 6,  θ0,−A = 83: τ² = 11,52/B − 4 = 12,975; sd² = 17,28/B = 25,462; z_D = −13/5,0460 = −2,576 (waspada_rendah).
  //   B: d = 16, θ0,−B = 78: τ² = 81,92/B − 4 = 116,71; sd² = 122,88/B;        z_D = 2/13,456 = 0,149 (normal).
  //   C: d = 10, θ0,−C = 75: τ² = 32/B − 4 = 43,153;   sd² = 48/B;             z_D = 11/8,410 = 1,308 (normal).
  const three = [
    { kode: "A", n: 25, mean: 70 },
    { kode: "B", n: 25, mean: 80 },
    { kode: "C", n: 25, mean: 86 },
  ];
  it("three equal units: θ0,−i, τ²_−i, Var(θ0,−i), z_D and limits", () => {
    const r = funnelMean(three, { sw: 10 });
    expect(r.reference).toBe("leave_one_out");
    expect(r.tau2Method).toBe("winsor_mixture");
    const [a, b, c] = r.units;
    expect(a.target).toBeCloseTo(83, 12);
    expect(b.target).toBeCloseTo(78, 12);
    expect(c.target).toBeCloseTo(75, 12);
    expect(a.tau2).toBeCloseTo(11.52 / B - 4, 5);
    expect(a.tau2).toBeCloseTo(12.975, 2);
    expect(b.tau2).toBeCloseTo(81.92 / B - 4, 4);
    expect(c.tau2).toBeCloseTo(32 / B - 4, 5);
    expect(a.targetVar).toBeCloseTo((4 + a.tau2) / 2, 10);
    expect(a.sd).toBeCloseTo(Math.sqrt(17.28 / B), 5);
    expect(a.z).toBeCloseTo(-6.5, 12);
    expect(a.zD).toBeCloseTo(-13 / Math.sqrt(17.28 / B), 5);
    expect(a.zD).toBeCloseTo(-2.576, 3);
    expect(a.sinyal).toBe("waspada_rendah");
    expect(a.bawah998).toBeCloseTo(83 - 3.090232 * Math.sqrt(17.28 / B), 4);
    expect(a.bawah95).toBeCloseTo(83 - 1.959964 * Math.sqrt(17.28 / B), 4);
    expect(a.atas998).toBeCloseTo(83 + 3.090232 * Math.sqrt(17.28 / B), 4);
    expect(b.zD).toBeCloseTo(2 / Math.sqrt(122.88 / B), 5);
    expect(c.zD).toBeCloseTo(11 / Math.sqrt(48 / B), 5);
    expect([b.sinyal, c.sinyal]).toEqual(["normal", "normal"]);
    // The whole-city summary stays the respondent-weighted mean of all units.
    expect(r.theta0).toBeCloseTo(236 / 3, 12);
  });

  // Nine units of 30 respondents with mean 80 and one (X) with 60; sw = 10, s² = 100/30 for all.
  // X: the others all sit at 80, so θ0,−X = 80, every z is 0 and τ²_−X = 0;
  //   Var(θ0,−X) = 9·(1/9)²·s² = s²/9; sd² = s² + s²/9 = 10·s²/9; z_D = −20/√(10·s²/9) = −10,39 (alarm_rendah).
  // An 80 unit: the others are eight 80s and X: θ0,−i = 700/9 = 77,778, deviations +20/9 (×8) and −160/9.
  //   Type-7 quantiles of 9 values: 10%: h = 0,8 → −160/9 + 0,8·180/9 = −16/9; 90%: h = 7,2 → 20/9.
  //   Σ winsorised deviation² = (8·400 + 256)/81 = 3456/81, Σ z_w² = 3456/(81·s²).
  //   ((I − 1)/I)·I·v·B = 8·v·B = 3456/(81·s²) → τ²_−i = s²(v − 1) = 3456/(648·B) − s² = 5,3333/B − s² = 4,5254.
  //   Var(θ0,−i) = 9·(1/9)²·(s² + τ²) = (s² + τ²)/9; sd² = (10/9)·(s² + τ²) = (10/9)·5,3333/B = 8,7319;
  //   z_D = (80 − 77,778)/2,9550 = 0,752 (normal).
  const ten = [...Array.from({ length: 9 }, (_, i) => ({ kode: `u${i}`, n: 30, mean: 80 })), { kode: "X", n: 30, mean: 60 }];
  it("nine equal units and an outlier: the outlier's own shortfall neither moves its target nor widens its limits", () => {
    const s2 = 100 / 30;
    const r = funnelMean(ten, { sw: 10 });
    const x = r.units[9];
    expect(x.target).toBeCloseTo(80, 12);
    expect(x.tau2).toBe(0);
    expect(x.targetVar).toBeCloseTo(s2 / 9, 12);
    expect(x.zD).toBeCloseTo(-20 / Math.sqrt((10 * s2) / 9), 10);
    expect(x.bawah998).toBeCloseTo(80 - 3.090232 * Math.sqrt((10 * s2) / 9), 5);
    expect(x.sinyal).toBe("alarm_rendah");
    const u = r.units[0];
    expect(u.target).toBeCloseTo(700 / 9, 12);
    expect(u.tau2).toBeCloseTo(3456 / (648 * B) - s2, 5);
    expect(u.tau2).toBeCloseTo(4.5254, 3);
    expect(u.targetVar).toBeCloseTo((s2 + u.tau2) / 9, 10);
    expect(u.zD).toBeCloseTo((80 - 700 / 9) / Math.sqrt(((10 / 9) * 3456) / (648 * B)), 5);
    expect(u.sinyal).toBe("normal");
  });

  it("τ²_−i is the city-wide estimate over the other units (a second route), also with unequal sizes", () => {
    const units = SIX_UNITS;
    const r = funnelMean(units, { sw: 10 });
    units.forEach((u, i) => {
      const others = units.filter((_, j) => j !== i);
      const city = funnelMean(others, { sw: 10, reference: "city", tau2Method: "winsor_mixture" });
      const N = others.reduce((a, o) => a + o.n, 0);
      expect(r.units[i].target).toBeCloseTo(others.reduce((a, o) => a + o.n * o.mean, 0) / N, 12);
      expect(r.units[i].tau2).toBeCloseTo(city.tau2, 10);
      // Σ (n_j/N)²·(100/n_j + τ²) = 100/N + τ²·Σ (n_j/N)².
      expect(r.units[i].targetVar).toBeCloseTo(100 / N + city.tau2 * others.reduce((a, o) => a + (o.n / N) ** 2, 0), 10);
    });
  });

  it("two units: τ² = 0 and each is compared with the other (a two-sample z test)", () => {
    // s² = 100/25 = 4 and 100/100 = 1: each unit's sd² = 4 + 1 = 5; z_D = ±10/√5.
    const r = funnelMean([{ kode: "p", n: 25, mean: 80 }, { kode: "q", n: 100, mean: 70 }], { sw: 10 });
    expect(r.units.map((u) => u.tau2)).toEqual([0, 0]);
    expect(r.units[0].target).toBe(70);
    expect(r.units[0].zD).toBeCloseTo(10 / Math.sqrt(5), 12);
    expect(r.units[1].zD).toBeCloseTo(-10 / Math.sqrt(5), 12);
    expect(r.units[0].sinyal).toBe("alarm_tinggi");
  });

  it("an external target is known: no predictive variance; τ²_−i from the others' z around it", () => {
    // A's others (80, 86) around 76,61: z = 1,695 and 4,695; winsorised to 1,995 and 4,395 (0,1 of the gap 3 each way).
    // v·B = 1,995² + 4,395² → τ²_−A = 4·((1,995² + 4,395²)/B − 1).
    const r = funnelMean(three, { sw: 10, target: 76.61 });
    expect(r.units.every((u) => u.target === 76.61 && u.targetVar === 0)).toBe(true);
    expect(r.units[0].tau2).toBeCloseTo(4 * ((1.995 ** 2 + 4.395 ** 2) / B - 1), 4);
  });

  it("refuses the multiplicative form", () => {
    expect(() => funnelMean(three, { sw: 10, overdispersion: "multiplicative" })).toThrow(/leave_one_out/);
  });
});
