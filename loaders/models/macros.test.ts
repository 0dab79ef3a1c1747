// Every domain rule of DESIGN §5, run as the SQL macros the models use, against the regulations'
// own examples and boundaries. Expected values are worked out by hand (comments) or by a second,
// independent computation in JavaScript.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../warehouse/connection.ts";
import { DEFAULT_STATUS_BANDS } from "../ingest/reference.ts";
import { literal } from "../ingest/sql.ts";
import { MODELS_DIR } from "./run.ts";

let wh: Warehouse;

beforeAll(async () => {
  wh = await Warehouse.open({ path: ":memory:" });
  await wh.exec(`CREATE SCHEMA IF NOT EXISTS ref;
    CREATE OR REPLACE TABLE ref.status_capaian (status VARCHAR, batas_bawah DOUBLE, ikon VARCHAR);`);
  for (const b of DEFAULT_STATUS_BANDS)
    await wh.exec(`INSERT INTO ref.status_capaian VALUES (${literal(b.status)}, ${b.batas_bawah}, ${literal(b.ikon)})`);
  await wh.exec(fs.readFileSync(path.join(MODELS_DIR, "macros.sql"), "utf8"));
});

afterAll(() => wh?.close());

async function value<T = unknown>(expr: string): Promise<T> {
  const { v } = await wh.one<{ v: T }>(`SELECT ${expr} AS v`);
  return v;
}

const list = (xs: number[]) => `[${xs.map((x) => x.toFixed(6)).join(", ")}]::DOUBLE[]`;

describe("IKM (PermenPANRB 14/2017)", () => {
  it("one respondent answering 4 everywhere gives 100,00, mutu A, Sangat Baik", async () => {
    // Nine unsur, one answer of 4 each: NRR = 4/1 = 4 each; IKM = 25 × 4 = 100.
    await wh.exec(`CREATE OR REPLACE TEMP TABLE one_resp AS SELECT 4 AS u1, 4 AS u2, 4 AS u3, 4 AS u4, 4 AS u5, 4 AS u6, 4 AS u7, 4 AS u8, 4 AS u9`);
    const r = await wh.one<{ ikm: number; mutu: string; kinerja: string }>(`
      SELECT ikm_dari_nrr([avg(u1), avg(u2), avg(u3), avg(u4), avg(u5), avg(u6), avg(u7), avg(u8), avg(u9)]) AS ikm,
             ikm_mutu(ikm) AS mutu, ikm_kinerja_unit(ikm_mutu(ikm)) AS kinerja FROM one_resp`);
    expect(r).toEqual({ ikm: 100, mutu: "A", kinerja: "Sangat Baik" });
  });

  it.each([
    [100.0, "A", "Sangat Baik"],
    [88.31, "A", "Sangat Baik"],
    [88.3, "B", "Baik"],
    [76.61, "B", "Baik"],
    [76.6, "C", "Kurang Baik"],
    [65.0, "C", "Kurang Baik"],
    [64.99, "D", "Tidak Baik"],
    [25.0, "D", "Tidak Baik"],
  ])("IKM %s → mutu %s (%s)", async (ikm, mutu, kinerja) => {
    expect(await value(`ikm_mutu(${ikm.toFixed(2)})`)).toBe(mutu);
    expect(await value(`ikm_kinerja_unit(ikm_mutu(${ikm.toFixed(2)}))`)).toBe(kinerja);
  });

  it("a NULL IKM has no grade", async () => {
    expect(await value(`ikm_mutu(NULL)`)).toBeNull();
  });

  it("weights the unsur by exactly 1/9, not the rounded 0,111", async () => {
    // NRR: six unsur at 3,5 and three at 3,6: sum = 21 + 10,8 = 31,8.
    // Exact: 25 × 31,8 / 9 = 88,333… → 88,33 (A). With 0,111: 25 × 0,111 × 31,8 = 88,245 → 88,25 (B).
    const nrr = [3.6, 3.6, 3.6, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5];
    expect(await value(`ikm_dari_nrr(${list(nrr)})`)).toBe(88.33);
    expect(await value(`ikm_mutu(ikm_dari_nrr(${list(nrr)}))`)).toBe("A");
    const variant = Math.round(25 * 0.111 * nrr.reduce((a, b) => a + b, 0) * 100) / 100;
    expect(variant).toBe(88.25);
    // All NRR 4: exact 100,00; the variant would give 25 × 0,111 × 36 = 99,90.
    expect(await value(`ikm_dari_nrr(${list(Array(9).fill(4))})`)).toBe(100);
  });

  it("rounds IKM to two decimals (second computation in JS)", async () => {
    const nrr = [3.1234, 2.9876, 3.5, 3.25, 2.75, 3.0, 3.3333, 2.6667, 3.9];
    const mean = nrr.reduce((a, b) => a + b, 0) / 9;
    expect(await value(`ikm_dari_nrr(${list(nrr)})`)).toBeCloseTo(Math.round(25 * mean * 100) / 100, 10);
  });
});

describe("Krejcie & Morgan minimum sample", () => {
  it.each([
    [100, 80],
    [1000, 278],
    [10000, 370],
  ])("N = %i → %i (DESIGN §5)", async (n, s) => {
    expect(await value(`sampel_minimum(${n})`)).toBe(s);
  });

  it.each([1, 2, 10, 50, 250, 500, 3000, 100000])("N = %i agrees with the formula computed in JS", async (n) => {
    const s = Math.round((3.841 * n * 0.25) / (0.0025 * (n - 1) + 3.841 * 0.25));
    expect(await value(`sampel_minimum(${n})`)).toBe(s);
  });

  it("no population, no minimum", async () => {
    expect(await value(`sampel_minimum(NULL)`)).toBeNull();
    expect(await value(`sampel_minimum(0)`)).toBeNull();
  });
});

describe("95% interval of IKM", () => {
  const hand = (ikm: number, sd: number, n: number, arah: number) =>
    Math.round(Math.max(25, Math.min(100, ikm + (arah * 1.959964 * sd) / Math.sqrt(n))) * 100) / 100;

  it("ikm 80, sd 10, n 25: 80 ± 1,959964 × 2 = 76,08 .. 83,92", async () => {
    expect(await value(`ikm_batas(80, 10, 25, -1)`)).toBe(76.08);
    expect(await value(`ikm_batas(80, 10, 25, 1)`)).toBe(83.92);
  });

  it.each([
    [72.5, 12.3, 40],
    [91.17, 6.4, 7],
    [60, 15, 200],
    [99, 20, 4], // upper bound clamped to 100
    [30, 20, 4], // lower bound clamped to 25
  ])("ikm %s, sd %s, n %s matches ikm ± 1.959964·sd/√n clamped to 25..100", async (ikm, sd, n) => {
    expect(await value(`ikm_batas(${ikm}, ${sd}, ${n}, -1)`)).toBeCloseTo(hand(ikm, sd, n, -1), 10);
    expect(await value(`ikm_batas(${ikm}, ${sd}, ${n}, 1)`)).toBeCloseTo(hand(ikm, sd, n, 1), 10);
  });

  it("clamps to the IKM scale and needs two respondents", async () => {
    expect(await value(`ikm_batas(99, 20, 4, 1)`)).toBe(100);
    expect(await value(`ikm_batas(30, 20, 4, -1)`)).toBe(25);
    expect(await value(`ikm_batas(80, 10, 1, 1)`)).toBeNull();
    expect(await value(`ikm_batas(80, NULL, 10, 1)`)).toBeNull();
    expect(await value(`ikm_batas(NULL, 10, 10, 1)`)).toBeNull();
    expect(await value(`ikm_batas(NULL, 10, 10, -1)`)).toBeNull();
  });
});

describe("SKP predikat matrix (PermenPANRB 6/2022)", () => {
  const A = "Di Atas Ekspektasi";
  const S = "Sesuai Ekspektasi";
  const B = "Di Bawah Ekspektasi";
  // [hasil kerja, perilaku kerja, predikat]: the table of DESIGN §5, row by row.
  it.each([
    [A, B, "Kurang"],
    [A, S, "Baik"],
    [A, A, "Sangat Baik"],
    [S, B, "Kurang"],
    [S, S, "Baik"],
    [S, A, "Baik"],
    [B, B, "Sangat Kurang"],
    [B, S, "Butuh Perbaikan"],
    [B, A, "Butuh Perbaikan"],
  ])("hasil %s × perilaku %s → %s", async (hasil, perilaku, predikat) => {
    expect(await value(`skp_predikat_matriks(${literal(hasil)}, ${literal(perilaku)})`)).toBe(predikat);
  });

  it("a missing rating gives no predikat", async () => {
    expect(await value(`skp_predikat_matriks(NULL, ${literal(S)})`)).toBeNull();
    expect(await value(`skp_predikat_matriks(${literal(S)}, NULL)`)).toBeNull();
  });
});

describe("IKU capaian (PermenPANRB 8/2021)", () => {
  const capaian = (pol: string, t: number | null, hi: number | null, r: number | null) =>
    value<number | null>(`iku_capaian(${literal(pol)}, ${t ?? "NULL"}::DOUBLE, ${hi ?? "NULL"}::DOUBLE, ${r ?? "NULL"}::DOUBLE)`);

  it("naik: R/T × 100", async () => {
    expect(await capaian("naik", 80, null, 60)).toBe(75); // 60/80 = 0,75
    expect(await capaian("naik", 66.5, null, 70)).toBeCloseTo(Math.round((70 / 66.5) * 10000) / 100, 10); // 105,26
    expect(await capaian("naik", 66.5, null, 70)).toBe(105.26);
  });

  it("turun: (2T − R)/T × 100 (T=7, R=6,5 → 107,14; T=8, R=9 → 87,5)", async () => {
    expect(await capaian("turun", 7, null, 6.5)).toBe(107.14);
    expect(await capaian("turun", 8, null, 9)).toBe(87.5);
  });

  it("rentang 80-90: inside → 100, below → R/lo, above → R/hi", async () => {
    expect(await capaian("rentang", 80, 90, 70)).toBe(87.5); // 70/80
    expect(await capaian("rentang", 80, 90, 85)).toBe(100);
    expect(await capaian("rentang", 80, 90, 80)).toBe(100);
    expect(await capaian("rentang", 80, 90, 90)).toBe(100);
    expect(await capaian("rentang", 80, 90, 95)).toBe(Math.round((95 / 90) * 10000) / 100); // 105,56
    expect(await capaian("rentang", 80, 90, 95)).toBe(105.56);
  });

  it("a missing realisation is NULL (belum lapor), never zero", async () => {
    for (const pol of ["naik", "turun", "rentang"]) expect(await capaian(pol, 80, pol === "rentang" ? 90 : null, null)).toBeNull();
    // A realisation of zero is a real value, not belum lapor.
    expect(await capaian("naik", 80, null, 0)).toBe(0);
  });

  it("caps capaian at 120 for aggregates, and keeps NULL out of the average", async () => {
    expect(await value(`capaian_dibatasi(130.5)`)).toBe(120);
    expect(await value(`capaian_dibatasi(120)`)).toBe(120);
    expect(await value(`capaian_dibatasi(87.5)`)).toBe(87.5);
    expect(await value(`capaian_dibatasi(NULL)`)).toBeNull();
    // 150 → 120, 80, NULL (belum lapor): mean of the reported = (120 + 80) / 2 = 100, not 200/3.
    expect(await value(`(SELECT avg(capaian_dibatasi(c)) FROM (VALUES (150.0), (80.0), (NULL)) t(c))`)).toBe(100);
  });
});

describe("status bands (defaults of DESIGN §5)", () => {
  it.each([
    [150, "tercapai"],
    [100, "tercapai"],
    [99.99, "hampir tercapai"],
    [90, "hampir tercapai"],
    [89.99, "tidak tercapai"],
    [0, "tidak tercapai"],
    [-20, "tidak tercapai"],
  ])("capaian %s → %s", async (c, status) => {
    expect(await value(`status_capaian(${c})`)).toBe(status);
  });

  it("no capaian, no status", async () => {
    expect(await value(`status_capaian(NULL)`)).toBeNull();
  });
});

describe("periods", () => {
  it("semester, quarter and kinds", async () => {
    expect(await value(`periode_semester(DATE '2024-06-30')`)).toBe("2024-S1");
    expect(await value(`periode_semester(DATE '2024-07-01')`)).toBe("2024-S2");
    expect(await value(`periode_triwulan(2024, 3)`)).toBe("2024-Q3");
    for (const [p, k] of [["2024", "tahun"], ["2024-S1", "semester"], ["2024-Q3", "triwulan"], ["2024-03", "bulan"]])
      expect(await value(`periode_jenis(${literal(p)})`)).toBe(k);
  });
});
