import { describe, expect, it } from "vitest";
import { makeRng } from "./rng.ts";
import { drawAnswers } from "./skm.ts";
import { krejcieMorgan } from "./csv.ts";

/** IKM per PermenPANRB 14/2017, computed independently: NRR per unsur = sum / answers given. */
function ikm(respondents: (number | null)[][]): number {
  let total = 0;
  for (let u = 0; u < 9; u++) {
    let sum = 0, n = 0;
    for (const r of respondents) if (r[u] !== null) { sum += r[u]!; n++; }
    total += sum / n;
  }
  return 25 * (total / 9);
}
function sd(xs: number[]) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

describe("SKM answer generator (METHODS.md §7)", () => {
  it("gives a long-run city IKM near 79 and a respondent-score SD near 10", () => {
    const rng = makeRng(1, "ikm-test");
    const rs = Array.from({ length: 40000 }, () => drawAnswers(rng, 0));
    expect(ikm(rs)).toBeGreaterThan(78);
    expect(ikm(rs)).toBeLessThan(80);
    const scores = rs.map((r) => {
      const a = r.filter((x): x is number => x !== null);
      return (25 * a.reduce((s, x) => s + x, 0)) / a.length;
    });
    expect(sd(scores)).toBeGreaterThan(9);
    expect(sd(scores)).toBeLessThan(11.5);
    const missing = rs.flat().filter((x) => x === null).length / (rs.length * 9);
    expect(missing).toBeGreaterThan(0.015);
    expect(missing).toBeLessThan(0.025);
  });

  it("moves with the unit effect b: lower b, lower IKM", () => {
    const rng = makeRng(2, "ikm-test");
    const low = ikm(Array.from({ length: 20000 }, () => drawAnswers(rng, -0.8, 0)));
    const high = ikm(Array.from({ length: 20000 }, () => drawAnswers(rng, 0.8, 0)));
    expect(low).toBeLessThan(72);
    expect(high).toBeGreaterThan(86);
  });

  it("Krejcie-Morgan minimum matches DESIGN §5", () => {
    expect(krejcieMorgan(100)).toBe(80);
    expect(krejcieMorgan(1000)).toBe(278);
    expect(krejcieMorgan(10000)).toBe(370);
  });
});
