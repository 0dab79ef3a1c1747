// Simulation study of the IKM funnel detector against the targets of METHODS §7 / issue 7.
// Truth is known: survey data from simulate.ts, about 40 units with 10-400 respondents (log-spaced).
// Each scenario's data is judged three ways: "loo" = funnelMean's default (each unit against the other
// units' θ0 and winsor_mixture τ², plus the predictive variance of that θ0; what mart.ikm_funnel uses),
// "dl" = METHODS §1 (one city θ0, winsorised DerSimonian-Laird τ²) and "winsor_mixture" (one city θ0,
// the mixture moment τ² of overdispersion.ts). Every issue-7 target is asserted for "loo".
// Set WRITE_RATES=1 to rewrite loaders/analytics/RATES.md with the measured rates.
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { funnelMean, type FunnelMeanOptions } from "./funnel-mean.ts";
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

type Method = "loo" | "dl" | "winsor_mixture";
const METHODS: Method[] = ["loo", "dl", "winsor_mixture"];
const OPTIONS: Record<Method, FunnelMeanOptions> = {
  loo: { minN: 10 }, // the default: reference 'leave_one_out', tau2Method 'winsor_mixture'
  dl: { minN: 10, reference: "city", tau2Method: "dl" },
  winsor_mixture: { minN: 10, reference: "city", tau2Method: "winsor_mixture" },
};

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
  /** Mean analytic P(flag) for the planted unit: s = sw/√n, the true τ and the unit's Var(θ0,−i) (0 for dl/wm). */
  analytic: number;
  /** Mean τ² used for the units (τ²_−i averaged over units for loo). */
  meanTau2: number;
}

/** Simulates the scenario once per seed and judges the same data with each method. */
function run(sc: Scenario): Record<Method, Outcome> {
  const plantedIndex = sc.planted ? SIZES.reduce((best, n, i) => (Math.abs(n - sc.planted!.n) < Math.abs(SIZES[best] - sc.planted!.n) ? i : best), 0) : -1;
  const blank = (method: Method): Outcome => ({ scenario: sc, method, alarms: 0, alarmsLow: 0, trials: 0, periodsWithAlarm: 0, smallAlarms: 0, smallTrials: 0, smallWatch: 0, otherWatch: 0, otherTrials: 0, plantedAlarms: 0, analytic: 0, meanTau2: 0 });
  const out = { loo: blank("loo"), dl: blank("dl"), winsor_mixture: blank("winsor_mixture") };
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
      const res = funnelMean(data, OPTIONS[method]);
      o.meanTau2 += res.units.reduce((a, u) => a + u.tau2, 0) / res.units.length / sc.seeds;
      let any = false;
      res.units.forEach((u, i) => {
        const alarm = u.sinyal === "alarm_rendah" || u.sinyal === "alarm_tinggi";
        const watch = alarm || u.sinyal === "waspada_rendah" || u.sinyal === "waspada_tinggi";
        if (u.kode === "planted") {
          if (u.sinyal === "alarm_rendah") o.plantedAlarms++;
          o.analytic += normalCdf((sc.planted!.below - Z998 * Math.sqrt(u.se * u.se + sc.spread ** 2 + u.targetVar)) / u.se) / sc.seeds;
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
/** The 800-seed scenarios take about a minute each on a shared 2-core machine (the config's 60 s is too short). */
const TIMEOUT = 600_000;
const startedAt = performance.now();

/** Units of 10-15 respondents are alarmed no more often than the others (alarm and alarm+waspada). */
function expectSmallNotWorse(o: Outcome, alarmCap: number) {
  expect(rate(o.smallAlarms, o.smallTrials)).toBeLessThanOrEqual(alarmCap);
  const other = rate(o.otherWatch, o.otherTrials);
  expect(rate(o.smallWatch, o.smallTrials)).toBeLessThanOrEqual(other + 3 * Math.sqrt(other / o.smallTrials));
}

describe("IKM funnel detector on simulated surveys (METHODS §7)", () => {
  it("no true differences: per-unit alarm rate ≤ 0,3%, ≤ 12% of periods with any alarm", () => {
    const r = run({ name: "no true differences", seeds: 800, spread: 0 });
    results.push(r.loo, r.dl, r.winsor_mixture);
    for (const o of [r.loo, r.dl, r.winsor_mixture]) {
      expect(rate(o.alarms, o.trials)).toBeLessThanOrEqual(0.003);
      expect(rate(o.periodsWithAlarm, o.scenario.seeds)).toBeLessThanOrEqual(0.12);
      expectSmallNotWorse(o, 0.003);
    }
  }, TIMEOUT);
  it("real between-unit spread of SD 2 IKM points: per-unit alarm rate ≤ 0,5% (loo, the default); METHODS' DL misses it", () => {
    const r = run({ name: "between-unit spread SD 2", seeds: 800, spread: 2 });
    results.push(r.loo, r.dl, r.winsor_mixture);
    for (const o of [r.loo, r.winsor_mixture]) {
      expect(rate(o.alarms, o.trials)).toBeLessThanOrEqual(0.005);
      expectSmallNotWorse(o, 0.005);
    }
    // winsor_mixture is close to unbiased here (true τ² = 4), and so is its leave-one-out use.
    expect(Math.abs(r.winsor_mixture.meanTau2 - 4)).toBeLessThan(0.4);
    expect(Math.abs(r.loo.meanTau2 - 4)).toBeLessThan(0.4);
    // KNOWN MISS of METHODS' default, recorded in RATES.md: winsorised DL underestimates τ² here (≈ 3 for a
    // true 4), so its two-sided per-unit alarm rate is ≈ 0,6%; alarm_rendah alone stays ≤ 0,5%.
    expect(rate(r.dl.alarms, r.dl.trials)).toBeGreaterThan(0.005);
    expect(rate(r.dl.alarms, r.dl.trials)).toBeLessThanOrEqual(0.0075);
    expect(rate(r.dl.alarmsLow, r.dl.trials)).toBeLessThanOrEqual(0.005);
  }, TIMEOUT);
  it("a unit 10 points below with 150 respondents is alarmed in ≥ 90% of seeds", () => {
    const r = run({ name: "planted 10 below, n 150, no spread", seeds: 200, spread: 0, planted: { n: 150, below: 10 } });
    results.push(r.loo, r.dl, r.winsor_mixture);
    for (const o of [r.loo, r.dl, r.winsor_mixture]) {
      expect(rate(o.plantedAlarms, o.scenario.seeds)).toBeGreaterThanOrEqual(0.9);
      expect(rate(o.alarms, o.trials)).toBeLessThanOrEqual(0.003);
      expectSmallNotWorse(o, 0.003);
    }
  }, TIMEOUT);
  it("6 points below with 100 respondents, spread 1 point: alarmed in ≥ 85% of seeds (loo, the default)", () => {
    const r = run({ name: "planted 6 below, n 100, spread SD 1", seeds: 800, spread: 1, planted: { n: 100, below: 6 } });
    results.push(r.loo, r.dl, r.winsor_mixture);
    expect(rate(r.loo.plantedAlarms, r.loo.scenario.seeds)).toBeGreaterThanOrEqual(0.85);
    expect(rate(r.loo.alarms, r.loo.trials)).toBeLessThanOrEqual(0.005);
    expectSmallNotWorse(r.loo, 0.005);
    // DL reaches 87% here only because its downward τ² bias offsets the planted unit's inflation of τ²;
    // city-wide winsor_mixture pays for its unbiased τ² (≈ 82%): recorded, not a target it meets.
    expect(rate(r.dl.plantedAlarms, r.dl.scenario.seeds)).toBeGreaterThanOrEqual(0.85);
    expect(rate(r.winsor_mixture.plantedAlarms, r.winsor_mixture.scenario.seeds)).toBeGreaterThanOrEqual(0.7);
  }, TIMEOUT);
  it("analytic P(flag) = Φ((δ − z·√(s² + τ² + Var θ0,−i))/s) roughly matches the simulated rate", () => {
    const r = run({ name: "planted 4 below, n 100, spread SD 1 (analytic check)", seeds: 300, spread: 1, planted: { n: 100, below: 4 } });
    results.push(r.loo, r.dl, r.winsor_mixture);
    for (const o of [r.loo, r.dl]) {
      expect(o.analytic).toBeGreaterThan(0.15);
      expect(o.analytic).toBeLessThan(0.85);
      expect(Math.abs(rate(o.plantedAlarms, o.scenario.seeds) - o.analytic)).toBeLessThan(0.1);
    }
  }, TIMEOUT);
  it("records the rates", () => {
    expect(results.length).toBe(15);
    if (process.env.WRITE_RATES !== "1") return;
    const rows = results.map((o) => {
      const sc = o.scenario;
      return `| ${sc.name} | ${o.method} | ${sc.seeds} (1-${sc.seeds}) | ${pct(rate(o.alarms, o.trials))} (${o.alarms}/${o.trials}) | ${pct(rate(o.alarmsLow, o.trials))} | ${pct(rate(o.periodsWithAlarm, sc.seeds), 1)} | ${pct(rate(o.smallAlarms, o.smallTrials))} / ${pct(rate(o.smallWatch, o.smallTrials), 1)} | ${pct(rate(o.otherWatch, o.otherTrials), 1)} | ${sc.planted ? `${pct(rate(o.plantedAlarms, sc.seeds), 1)} (analytic ${pct(o.analytic, 1)})` : "–"} | ${o.meanTau2.toFixed(2)}${sc.spread ? ` (true ${(sc.spread ** 2).toFixed(0)})` : ""} |`;
    });
    // One line per method against the issue-7 targets (✓ met, ✗ missed).
    const find = (name: string, m: Method) => results.find((o) => o.scenario.name === name && o.method === m)!;
    const mark = (ok: boolean) => (ok ? "✓" : "✗");
    const LABEL: Record<Method, string> = {
      loo: "loo (default of funnelMean and mart.ikm_funnel)",
      dl: "dl (METHODS §1 default)",
      winsor_mixture: "winsor_mixture (city-wide)",
    };
    const summary = METHODS.map((m) => {
      const nul = find("no true differences", m);
      const sd2 = find("between-unit spread SD 2", m);
      const p10 = find("planted 10 below, n 150, no spread", m);
      const p6 = find("planted 6 below, n 100, spread SD 1", m);
      const small = [nul, sd2, p10, p6].map((o) => rate(o.smallAlarms, o.smallTrials));
      const cap = [0.003, 0.005, 0.003, 0.005];
      const u0 = rate(nul.alarms, nul.trials);
      const per = rate(nul.periodsWithAlarm, nul.scenario.seeds);
      const u2 = rate(sd2.alarms, sd2.trials);
      const a10 = rate(p10.plantedAlarms, p10.scenario.seeds);
      const a6 = rate(p6.plantedAlarms, p6.scenario.seeds);
      return `| ${LABEL[m]} | ${pct(u0)} ${mark(u0 <= 0.003)} / ${pct(per, 1)} ${mark(per <= 0.12)} | ${pct(u2)} ${mark(u2 <= 0.005)} | ${pct(a10, 1)} ${mark(a10 >= 0.9)} | ${pct(a6, 1)} ${mark(a6 >= 0.85)} | ${small.map((x) => pct(x)).join(" / ")} ${mark(small.every((x, k) => x <= cap[k]))} |`;
    });
    const text = `# Measured rates of the IKM funnel detector (METHODS §7)

Generated by \`WRITE_RATES=1 npx vitest run loaders/analytics/detector.test.ts\` on ${new Date().toISOString().slice(0, 10)}
(the whole test took ${((performance.now() - startedAt) / 1000).toFixed(0)} s on this machine).
Each seed is one period: ${SIZES.length} units with ${SIZES[0]}-${SIZES[SIZES.length - 1]} respondents (log-spaced; ${SIZES.filter((n) => n <= 15).length} units of 10-15),
survey answers from loaders/analytics/simulate.ts (city IKM ${CITY.toFixed(2)}, respondent SD ≈ 10). Pooled within-unit SD,
z winsorised at 10%/90%, alarm = beyond 99,8% (|z_D| > 3,090232), waspada = beyond 95%. "Spread" = SD of the units'
true IKM around the city. A planted unit replaces the unit whose size is nearest to its n; alarm rates exclude it.
Each scenario's data is judged three ways:
- "loo" — the default of funnelMean and what mart.ikm_funnel uses (issue 7): unit i is judged against θ0,−i, the
  respondent-weighted mean of the OTHER units, and τ²_−i estimated from the other units with the winsor_mixture
  estimator, plus the predictive variance of θ0,−i: limits θ0,−i ± z·√(s_i² + τ²_−i + Var(θ0,−i)) with
  Var(θ0,−i) = Σ_j≠i (n_j/N_−i)²·(s_j² + τ²_−i). A unit's own shortfall can then neither pull the target towards
  it nor widen its own limits; the predictive variance pays for the other units' θ0 being an estimate.
- "dl" — METHODS §1: one θ0 (respondent-weighted city mean) and one τ² for all units, DerSimonian-Laird from the
  winsorised z with the 0,6787 correction (\`reference: 'city'\`).
- "winsor_mixture" — one θ0 and one τ² for all units; τ² matches the observed Σ winsorised z² to its expectation
  under the random-effects model, where z_i ~ N(0, 1 + τ²/s_i²) is a scale mixture (overdispersion.ts; not in METHODS).
For "loo" the τ² column is τ²_−i averaged over the units.

## Against the issue-7 targets

| method | no differences: per unit ≤ 0,3% / periods ≤ 12% | spread SD 2: per unit ≤ 0,5% | 10 below, n 150: ≥ 90% | 6 below, n 100, SD 1: ≥ 85% | units of 10-15: alarm rate (null / SD 2 / 10 below / 6 below; ≤ 0,3% / 0,5%) |
|---|---|---|---|---|---|
${summary.join("\n")}

detector.test.ts asserts every target for "loo", and that units of 10-15 respondents are alarmed, and alarmed or
watched, no more often than the others (alarm+waspada within 3 binomial SE of the others' rate).

## All rates

| scenario | method | seeds | per-unit alarm rate (both directions) | alarm_rendah only | periods with any alarm | units 10-15: alarm / alarm+waspada | others: alarm+waspada | planted unit alarmed (alarm_rendah) | mean τ² |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Analytic P(flag) = Φ((δ − z·√(s² + τ² + Var(θ0,−i)))/s) uses s = sw/√n of each seed, the true τ and, for "loo", the
unit's Var(θ0,−i) (0 for the city-wide methods); it runs high for the 6-below unit because that unit's own respondent
SD is ≈ 11,4, not the pooled ≈ 10, and τ² and θ0 are estimated.

## Why the default deviates from METHODS

With a real spread of SD 2, METHODS' winsorised DL underestimates τ² (mean ≈ 3 against a true 4: winsorising a scale
mixture of normals, large units' z being much wider than small units', trims more than the 0,6787 correction assumes),
so its two-sided per-unit alarm rate is above the 0,5% target. City-wide winsor_mixture removes that bias and meets
the 0,5% target, but with the 6-below unit planted that unit itself inflates τ² (≈ 1,2 for a true 1), so its power
falls to ≈ 82%, under 85%; DL reaches 87% there only because its downward bias offsets the same inflation. No
city-wide setting meets both. Leave-one-out removes the judged unit from its own reference: the 6-below unit no
longer widens its limits (power back above 85%) while τ²_−i stays close to unbiased under SD 2. Without the
predictive variance, leave-one-out overshoots under SD 2 (a truly different unit's own contribution to τ² is gone
and its reference is treated as known): ≈ 0,53% in the exploration below; with it the rate is within target.
The margins are thin (SD 2 and 6-below rates are within about half a percentage point and two of their targets),
so the seeds stay at 800 for those scenarios.

Exploration of other candidates (2026-11-27, harness /work/notes/issue7c-explore.ts outside the repo, same
simulation and seeds; measured once, not re-run by this test):

| candidate | no differences: per unit / periods (800) | spread SD 2: per unit (800) | 10 below n 150 (200) | 6 below n 100, SD 1 (800) |
|---|---|---|---|---|
| dl at 5%/95% (factor winsorBias(0.05) ≈ 0.8226) | 0.13% / 4.9% | 0.43% | 100% | 84.0% ✗ |
| winsor_mixture at 5%/95% | 0.12% / 4.8% | 0.25% | 100% | 80.8% ✗ |
| leave-one-out θ0 and τ², dl base | – | 1.08% ✗ (200 seeds) | – | 91.5% (200 seeds) |
| leave-one-out θ0 and τ², dl 5%/95% base | 0.19% / 7.1% | 0.75% ✗ | 100% | 90.4% |
| leave-one-out θ0 and τ², winsor_mixture base | 0.18% / 6.9% | 0.53% ✗ | 100% | 87.8% |
| leave-one-out τ² only (θ0 of all units), winsor_mixture | – | 0.39% | – | 86.3% |
| leave-one-out + predictive variance, winsor_mixture (= "loo") | 0.17% / 6.4% | 0.46% | 100% | 87.0% |
`;
    writeFileSync(new URL("./RATES.md", import.meta.url), text);
  });
});
