import { describe, expect, it } from "vitest";
import { bForIkm, expectedIkm, ikmToB, logSpacedSizes, simulateSurvey } from "./simulate.ts";

describe("survey generator with a known truth (METHODS §7)", () => {
  it("city IKM near 79 and respondent SD near 10; the closed-form truth matches a big simulation", () => {
    const [u] = simulateSurvey([{ kode: "kota", n: 100_000, b: 0 }], 1);
    const sd = Math.sqrt(u.ss / (u.n - 1));
    expect(expectedIkm(0)).toBeGreaterThan(78.5);
    expect(expectedIkm(0)).toBeLessThan(79.5);
    expect(sd).toBeGreaterThan(9);
    expect(sd).toBeLessThan(11);
    // SE of the mean ≈ 10/√100000 = 0,032: within 4 SE.
    expect(Math.abs(u.mean - expectedIkm(0))).toBeLessThan(0.13);
  });
  it("calibrates b for a unit 10 IKM points below the city", () => {
    const city = expectedIkm(0);
    const b = bForIkm(city - 10);
    expect(expectedIkm(b)).toBeCloseTo(city - 10, 8);
    expect(b).toBeLessThan(-0.7);
    const [u] = simulateSurvey([{ kode: "rendah", n: 100_000, b }], 2);
    expect(Math.abs(u.mean - (city - 10))).toBeLessThan(0.15);
    expect(u.trueIkm).toBeCloseTo(city - 10, 8);
    const fast = ikmToB();
    for (const ikm of [60, 69.3, city - 2, city, city + 3.7, 95]) expect(fast(ikm)).toBeCloseTo(bForIkm(ikm), 5);
  });
  it("is deterministic per seed and sums squared deviations correctly", () => {
    const units = [{ kode: "a", n: 12, b: 0 }, { kode: "b", n: 30, b: -0.3 }];
    expect(simulateSurvey(units, 9)).toEqual(simulateSurvey(units, 9));
    expect(simulateSurvey(units, 9)).not.toEqual(simulateSurvey(units, 10));
    for (const u of simulateSurvey(units, 9)) {
      // Respondent scores are multiples of 25/9 in [25, 100].
      expect(u.mean).toBeGreaterThanOrEqual(25);
      expect(u.mean).toBeLessThanOrEqual(100);
      expect(u.ss).toBeGreaterThan(0);
    }
  });
  it("log-spaced sizes from 10 to 400", () => {
    const s = logSpacedSizes(40, 10, 400);
    expect(s.length).toBe(40);
    expect(s[0]).toBe(10);
    expect(s[39]).toBe(400);
    expect(s.filter((n) => n <= 15).length).toBeGreaterThanOrEqual(4);
  });
});
