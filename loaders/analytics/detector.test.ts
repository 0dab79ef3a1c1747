// Simulation study of the IKM funnel detector against the targets of METHODS §7 / issue 7.
// Truth is known: survey data from simulate.ts, about 40 units with 10-400 respondents (log-spaced).
// Set WRITE_RATES=1 to rewrite loaders/analytics/RATES.md with the measured rates.
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { funnelMean } from "./funnel-mean.ts";
import { expectedIkm, ikmToB, logSpacedSizes, simulateSurvey, type SimUnitSpec } from "./simulate.ts";
import { makeRng } from "./rng.ts";
import { normalCdf, Z998 } from "./dist.ts";

const SIZES = logSpacedSizes(40, 10, 400);
const CITY = expectedIkm(0);
const bForIkm = ikmToB();

interface Scenario {
  name: string;
  seeds: number;
  /** SD of the true unit IKM around the city (IKM points). */
  spread: number;
  /** Planted unit: its n and how far below the city (IKM points). */
  planted?: { n: number; below: number };
}

type Method = "dl" | "robust_pm" | "winsor_mixture";
const METHODS: Method[] = ["dl", "robust_pm", "winsor_mixture"];

interface Outcome {
  scenario: Scenario;
  method: Method;
  /** Alarms (either direction) among units with no planted shortfall; alarmsLow = alarm_rendah only. */
  alarms: number;
  alarmsLow: number;
  trials: number;
  periodsWithAlarm: number;
  smallAlarms: number;
  smallTrials: number;
  smallWatch: number;
  otherWatch: number;
  otherTrials: number;
  plantedAlarms: number;
  /** Mean analytic P(flag) for the planted unit, with its s = sw/√n and the true τ. */
  analytic: number;
  meanTau2: number;
}

/** Simulates the scenario once per seed and judges the same data with each τ² estimator. */
function run(sc: Scenario): Record<Method, Outcome> {
  const plantedIndex = sc.planted ? SIZES.reduce((best, n, i) => (Math.abs(n - sc.planted!.n) < Math.abs(SIZES[best] - sc.planted!.n) ? i : best), 0) : -1;
  const blank = (method: Method): Outcome => ({ scenario: sc, method, alarms: 0, alarmsLow: 0, trials: 0, periodsWithAlarm: 0, smallAlarms: 0, smallTrials: 0, smallWatch: 0, otherWatch: 0, otherTrials: 0, plantedAlarms: 0, analytic: 0, meanTau2: 0 });
  const out = { dl: blank("dl"), robust_pm: blank("robust_pm"), winsor_mixture: blank("winsor_mixture") };
  for (let seed = 1; seed <= sc.seeds; seed++) {
    const rng = makeRng(seed, 0x51);
    const units: SimUnitSpec[] = SIZES.map((n, i) => {
      if (i === plantedIndex) return { kode: "planted", n: sc.planted!.n, b: bForIkm(CITY - sc.planted!.below) };
      const delta = sc.spread > 0 ? rng.normal(0, sc.spread) : 0;
      return { kode: `u${i}`, n, b: delta === 0 ? 0 : bForIkm(CITY + delta) };
    });
    const data = simulateSurvey(units, seed);
    for (const method of METHODS) {
      const o = out[method];
      const res = funnelMean(data, { minN: 10, tau2Method: method });
      o.meanTau2 += res.tau2 / sc.seeds;
      let any = false;
      res.units.forEach((u, i) => {
        const alarm = u.sinyal === "alarm_rendah" || u.sinyal === "alarm_tinggi";
        const watch = alarm || u.sinyal === "waspada_rendah" || u.sinyal === "waspada_tinggi";
        if (u.kode === "planted") {
          if (u.sinyal === "alarm_rendah") o.plantedAlarms++;
          o.analytic += normalCdf((sc.planted!.below - Z998 * Math.sqrt(u.se * u.se + sc.spread ** 2)) / u.se) / sc.seeds;
          return;
        }
        o.trials++;
        if (alarm) {
          o.alarms++;
          any = true;
        }
        if (u.sinyal === "alarm_rendah") o.alarmsLow++;
        if (units[i].n <= 15) {
          o.smallTrials++;
          if (alarm) o.smallAlarms++;
          if (watch) o.smallWatch++;
        } else {
          o.otherTrials++;
          if (watch) o.otherWatch++;
        }
      });
      if (any) o.periodsWithAlarm++;
    }
  }
  return out;
}

const rate = (k: number, n: number) => (n ? k / n : NaN);
const pct = (x: number, d = 2) => `${(100 * x).toFixed(d)}%`;
const results: Outcome[] = [];

/** Units of 10-15 respondents are alarmed no more often than the others (alarm and alarm+waspada). */
function expectSmallNotWorse(o: Outcome, alarmCap: number) {
  expect(rate(o.smallAlarms, o.smallTrials)).toBeLessThanOrEqual(alarmCap);
  const other = rate(o.otherWatch, o.otherTrials);
  expect(rate(o.smallWatch, o.smallTrials)).toBeLessThanOrEqual(other + 3 * Math.sqrt(other / o.smallTrials));
}

describe("IKM funnel detector on simulated surveys (METHODS §7)", () => {
  it("no true differences: per-unit alarm rate ≤ 0,3%, ≤ 12% of periods with any alarm", () => {
    const r = run({ name: "no true differences", seeds: 800, spread: 0 });
    results.push(r.dl, r.robust_pm, r.winsor_mixture);
    for (const o of [r.dl, r.robust_pm, r.winsor_mixture]) {
      expect(rate(o.alarms, o.trials)).toBeLessThanOrEqual(0.003);
      expect(rate(o.periodsWithAlarm, o.scenario.seeds)).toBeLessThanOrEqual(0.12);
      expectSmallNotWorse(o, 0.003);
    }
  });
  it("real between-unit spread of SD 2 IKM points: per-unit alarm rate ≤ 0,5% (robust_pm); METHODS' DL misses it", () => {
    const r = run({ name: "between-unit spread SD 2", seeds: 800, spread: 2 });
    results.push(r.dl, r.robust_pm, r.winsor_mixture);
    for (const o of [r.robust_pm, r.winsor_mixture]) {
      expect(rate(o.alarms, o.trials)).toBeLessThanOrEqual(0.005);
      expectSmallNotWorse(o, 0.005);
    }
    // winsor_mixture is close to unbiased here (true τ² = 4).
    expect(Math.abs(r.winsor_mixture.meanTau2 - 4)).toBeLessThan(0.4);
    // KNOWN MISS, recorded in RATES.md: winsorised DL (METHODS §1) underestimates τ² here (≈ 3 for a true 4),
    // so the two-sided per-unit alarm rate is ≈ 0,6%; alarm_rendah alone stays ≤ 0,5%.
    expect(rate(r.dl.alarms, r.dl.trials)).toBeLessThanOrEqual(0.0075);
    expect(rate(r.dl.alarmsLow, r.dl.trials)).toBeLessThanOrEqual(0.005);
    expectSmallNotWorse(r.dl, 0.005);
  });
  it("a unit 10 points below with 150 respondents is alarmed in ≥ 90% of seeds", () => {
    const r = run({ name: "planted 10 below, n 150, no spread", seeds: 200, spread: 0, planted: { n: 150, below: 10 } });
    results.push(r.dl, r.robust_pm, r.winsor_mixture);
    for (const o of [r.dl, r.robust_pm, r.winsor_mixture]) {
      expect(rate(o.plantedAlarms, o.scenario.seeds)).toBeGreaterThanOrEqual(0.9);
      expect(rate(o.alarms, o.trials)).toBeLessThanOrEqual(0.003);
    }
  });
  it("6 points below with 100 respondents, spread 1 point: alarmed in ≥ 85% of seeds (DL)", () => {
    const r = run({ name: "planted 6 below, n 100, spread SD 1", seeds: 800, spread: 1, planted: { n: 100, below: 6 } });
    results.push(r.dl, r.robust_pm, r.winsor_mixture);
    expect(rate(r.dl.plantedAlarms, r.dl.scenario.seeds)).toBeGreaterThanOrEqual(0.85);
    // robust_pm and winsor_mixture pay for their larger τ² here (≈ 80-82%): recorded, not a target they meet.
    expect(rate(r.robust_pm.plantedAlarms, r.robust_pm.scenario.seeds)).toBeGreaterThanOrEqual(0.7);
    expect(rate(r.winsor_mixture.plantedAlarms, r.winsor_mixture.scenario.seeds)).toBeGreaterThanOrEqual(0.7);
  });
  it("analytic P(flag) = Φ((δ − z·√(s² + τ²))/s) roughly matches the simulated rate", () => {
    const r = run({ name: "planted 4 below, n 100, spread SD 1 (analytic check)", seeds: 300, spread: 1, planted: { n: 100, below: 4 } });
    results.push(r.dl, r.robust_pm, r.winsor_mixture);
    const o = r.dl;
    expect(o.analytic).toBeGreaterThan(0.15);
    expect(o.analytic).toBeLessThan(0.85);
    expect(Math.abs(rate(o.plantedAlarms, o.scenario.seeds) - o.analytic)).toBeLessThan(0.1);
  });
  it("records the rates", () => {
    expect(results.length).toBe(15);
    if (process.env.WRITE_RATES !== "1") return;
    const rows = results.map((o) => {
      const sc = o.scenario;
      return `| ${sc.name} | ${o.method} | ${sc.seeds} (1-${sc.seeds}) | ${pct(rate(o.alarms, o.trials))} (${o.alarms}/${o.trials}) | ${pct(rate(o.alarmsLow, o.trials))} | ${pct(rate(o.periodsWithAlarm, sc.seeds), 1)} | ${pct(rate(o.smallAlarms, o.smallTrials))} / ${pct(rate(o.smallWatch, o.smallTrials), 1)} | ${pct(rate(o.otherWatch, o.otherTrials), 1)} | ${sc.planted ? `${pct(rate(o.plantedAlarms, sc.seeds), 1)} (analytic ${pct(o.analytic, 1)})` : "–"} | ${o.meanTau2.toFixed(2)}${sc.spread ? ` (true ${(sc.spread ** 2).toFixed(0)})` : ""} |`;
    });
    const text = `# Measured rates of the IKM funnel detector (METHODS §7)

Generated by \`WRITE_RATES=1 npx vitest run loaders/analytics/detector.test.ts\` on ${new Date().toISOString().slice(0, 10)}.
Each seed is one period: ${SIZES.length} units with ${SIZES[0]}-${SIZES[SIZES.length - 1]} respondents (log-spaced; ${SIZES.filter((n) => n <= 15).length} units of 10-15),
survey answers from loaders/analytics/simulate.ts (city IKM ${CITY.toFixed(2)}, respondent SD ≈ 10). Funnel with default options:
θ0 = respondent-weighted mean, pooled within-unit SD, additive τ² from z winsorised at 10%/90% with the 0,6787 correction,
alarm = beyond 99,8% (|z_D| > 3,090232), waspada = beyond 95%. "Spread" = SD of the units' true IKM around the city.
A planted unit replaces the unit whose size is nearest to its n; alarm rates exclude it. Each scenario's data is judged
three times: "dl" = METHODS §1 (winsorised z, 0,6787 correction, DerSimonian-Laird τ²), the default; "robust_pm" = the
winsorised Paule-Mandel alternative in overdispersion.ts; "winsor_mixture" = the moment estimator that matches the
observed Σ winsorised z² to its expectation under the random-effects model, where z_i ~ N(0, 1 + τ²/s_i²) is a scale
mixture (overdispersion.ts; neither alternative is in METHODS).

| scenario | τ² method | seeds | per-unit alarm rate (both directions) | alarm_rendah only | periods with any alarm | units 10-15: alarm / alarm+waspada | others: alarm+waspada | planted unit alarmed (alarm_rendah) | mean τ² |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Targets (issue 7): no true differences ≤ 0,3% per unit and ≤ 12% of periods; spread SD 2 ≤ 0,5% per unit;
10 below with 150 respondents ≥ 90%; 6 below with 100 respondents and spread ≤ 1 ≥ 85%; units of 10-15 respondents
not alarmed more often than the others. Analytic P(flag) = Φ((δ − z·√(s² + τ²))/s) uses s = sw/√n of each seed and the true τ;
it runs high for the 6-below unit because that unit's own respondent SD is ≈ 11,4, not the pooled ≈ 10, and τ² and θ0 are
estimated (with θ0 and τ² both known the rate is ≈ 91%).

Known miss: with a real spread of SD 2 the default (METHODS' winsorised DL) underestimates τ² (mean ≈ 3 against a true 4:
winsorising a scale mixture of normals, large units' z being much wider than small units', trims more than the 0,6787
correction assumes), so its two-sided per-unit alarm rate is above the 0,5% target. winsor_mixture removes that bias
(≈ 4,0 for a true 4, and ≈ 1,0 for a true 1 without a planted unit, where DL gives ≈ 0,83) and meets the 0,5% target,
but with the 6-below unit planted its τ² is ≈ 1,2 (the planted unit itself, only partly tamed by winsorising, inflates
it), so that unit's power falls to ≈ 82%, under the 85% target; DL reaches 87% there only because its downward bias
offsets the same inflation. robust_pm behaves like winsor_mixture. No single setting meets both targets; the default
follows METHODS, and the alternatives are options (tau2Method) of funnelMean. A one-off check (2026-11-27, not in this
test) of a second pass that re-estimates τ² without the units alarmed in the first pass: winsor_mixture then gives
τ² ≈ 1,07 with the 6-below unit planted, yet its power stays ≈ 82% and spread SD 2 stays ≈ 0,35%; DL 87% and 0,62%.
`;
    writeFileSync(new URL("./RATES.md", import.meta.url), text);
  });
});
