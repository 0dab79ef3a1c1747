// Helpers of the analytics core added for the marts: the current run of a control chart, the
// winsorised second moment and the winsor_mixture τ², SQL literals of computed rows, id-ID sentences.
import { describe, expect, it } from "vitest";
import { currentRun } from "./xmr.ts";
import { estimateOverdispersion, winsorisedSecondMoment } from "./overdispersion.ts";
import { groupBy, writeTableSql } from "./table.ts";
import { angkaId, labelPeriodeId, nilaiP, pasangan, persenId, selisihId } from "./format-id.ts";

describe("currentRun", () => {
  it("counts the run ending at the last point, skipping points on the median", () => {
    // median 5: sides − + + (5 skipped) + → run of 3 above
    expect(currentRun([4, 6, 7, 5, 8], 5)).toEqual({ length: 3, side: "atas" });
    expect(currentRun([6, 4, 3, null, 2], 5)).toEqual({ length: 3, side: "bawah" });
    expect(currentRun([5, 5], 5)).toEqual({ length: 0, side: null });
  });
});

describe("winsorised second moment and the winsor_mixture τ²", () => {
  it("is the 0,6787 of METHODS §1 at v = 1, c = Φ⁻¹(0,9) = 1,281552", () => {
    expect(winsorisedSecondMoment(1, 1.2815516)).toBeCloseTo(0.6787, 4);
    // Scale: for v = 4 and c = 2·1,281552 it is 4·0,6787.
    expect(winsorisedSecondMoment(4, 2 * 1.2815516)).toBeCloseTo(4 * 0.67865, 4);
  });
  it("equals DL when every unit has the same s (the mixture is one normal)", () => {
    // Ten units, s² = 2: deviations +2 (×9) and −18 → winsorised +2 (×9) and 0 (see the mart test).
    // With equal s: τ² = s²·(Σ z_w²/((I − 1)·0,67865) − 1) = 36/(9·0,67865) − 2 = 3,894.
    const s = Array(10).fill(Math.SQRT2);
    const z = [...Array(9).fill(2 / Math.SQRT2), -18 / Math.SQRT2];
    const mix = estimateOverdispersion(z, s, { tau2Method: "winsor_mixture" });
    expect(mix.tau2).toBeCloseTo(36 / (9 * 0.678655) - 2, 3);
    const dl = estimateOverdispersion(z, s);
    expect(dl.tau2).toBeCloseTo((36 / 0.6787 - 9 * 2) / 9, 8);
    expect(Math.abs(mix.tau2 - dl.tau2)).toBeLessThan(0.01);
  });
  it("is 0 when the winsorised z are no wider than chance", () => {
    const s = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5];
    const z = [0.1, -0.2, 0.3, -0.1, 0.2, -0.3, 0.05, -0.05, 0.15, -0.15];
    expect(estimateOverdispersion(z, s, { tau2Method: "winsor_mixture" }).tau2).toBe(0);
  });
});

describe("writeTableSql", () => {
  it("quotes strings, writes NULL for missing and non-finite numbers, chunks rows", () => {
    const sql = writeTableSql("mart.x", [["a", "VARCHAR"], ["b", "DOUBLE"], ["c", "BOOLEAN"], ["d", "INTEGER"]] as const, [
      { a: "Pasar 'Baru'", b: 1.5, c: true, d: 3 },
      { a: null, b: NaN, c: false, d: null },
      { a: "z", b: Infinity, c: null, d: 0 },
    ], 2);
    expect(sql).toEqual([
      "CREATE OR REPLACE TABLE mart.x (a VARCHAR, b DOUBLE, c BOOLEAN, d INTEGER)",
      "INSERT INTO mart.x VALUES ('Pasar ''Baru''', 1.5::DOUBLE, TRUE, 3),\n(NULL, NULL, FALSE, NULL)",
      "INSERT INTO mart.x VALUES ('z', NULL, NULL, 0)",
    ]);
    expect(() => writeTableSql("mart.x; DROP", [], [])).toThrow(/bad table name/);
  });
  it("groupBy keeps first-seen order", () => {
    expect([...groupBy([{ k: "b" }, { k: "a" }, { k: "b" }], (r) => r.k).entries()]).toEqual([["b", [{ k: "b" }, { k: "b" }]], ["a", [{ k: "a" }]]]);
  });
});

describe("id-ID sentences", () => {
  it("formats numbers, shares, signs, periods and p-values", () => {
    expect(angkaId(1234.56, 1)).toBe("1.234,6");
    expect(persenId(0.723, 1)).toBe("72,3%");
    expect(selisihId(-6.54)).toBe("−6,5");
    expect(selisihId(0.8)).toBe("+0,8");
    expect(selisihId(0.01)).toBe("0,0");
    expect(labelPeriodeId("2025-Q3")).toBe("Triwulan III 2025");
    expect(labelPeriodeId("2025-S1")).toBe("Semester I 2025");
    expect(labelPeriodeId("2024")).toBe("tahun 2024");
    expect(nilaiP(0.00001)).toBe("< 0,0001");
    expect(nilaiP(0.01234)).toBe("= 0,0123");
  });
  it("writes a value and its limit with enough decimals to differ", () => {
    expect(pasangan(68.44, 72.1)).toEqual(["68,4", "72,1"]);
    expect(pasangan(72.31, 72.34)).toEqual(["72,31", "72,34"]);
  });
});
