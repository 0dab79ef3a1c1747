// The planners' analytics marts (issue 7) on small hand-made warehouses: every expected value is
// worked out by hand in the comments and written as arithmetic, never copied from the code's output.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../warehouse/connection.ts";
import { memoryWarehouse } from "../../../test/helpers.ts";
import { MODELS_DIR } from "../run.ts";
import ikmFunnel from "./ikm_funnel.ts";
import izinFunnel from "./izin_funnel.ts";
import indikatorSinyal from "./indikator_sinyal.ts";
import ikmPerubahan from "./ikm_perubahan.ts";
import ikmPeringkat from "./ikm_peringkat.ts";
import predikatKesesuaian from "./predikat_kesesuaian.ts";
import perluPerhatian from "./perlu_perhatian.ts";

const Z95 = 1.959964;
const Z998 = 3.090232;

let wh: Warehouse;

/** Empty input tables with the columns the models read, and the project's macros. */
async function setup(): Promise<Warehouse> {
  const w = await memoryWarehouse();
  await w.exec(fs.readFileSync(path.join(MODELS_DIR, "macros.sql"), "utf8"));
  await w.exec(`
    CREATE SCHEMA IF NOT EXISTS core; CREATE SCHEMA IF NOT EXISTS mart;
    CREATE TABLE core.skm_respon (tahun INTEGER, semester VARCHAR, kode_unit VARCHAR, skor_responden DOUBLE);
    CREATE TABLE mart.ikm_unit (periode VARCHAR, kode_unit VARCHAR, kode_opd VARCHAR, jumlah_responden INTEGER, ikm DOUBLE, sampel_minimum INTEGER);
    CREATE TABLE core.izin_permohonan (kode_izin VARCHAR, jenis_izin VARCHAR, kode_opd VARCHAR, status VARCHAR, tanggal_terbit DATE, tepat_waktu BOOLEAN);
    CREATE TABLE core.periode (periode VARCHAR, jenis VARCHAR, awal DATE, akhir DATE);
    INSERT INTO core.periode VALUES ('2025-Q1', 'triwulan', DATE '2025-01-01', DATE '2025-03-31'), ('2025', 'tahun', DATE '2025-01-01', DATE '2025-12-31');
    CREATE TABLE mart.indikator_capaian (periode VARCHAR, kode_opd VARCHAR, kode_indikator VARCHAR, agregasi VARCHAR, polaritas VARCHAR,
      target DOUBLE, target_atas DOUBLE, target_tahunan DOUBLE, realisasi DOUBLE, capaian DOUBLE);
    CREATE TABLE mart.skp_predikat (periode VARCHAR, kode_opd VARCHAR, jumlah_pegawai INTEGER, sangat_baik INTEGER, baik INTEGER,
      butuh_perbaikan INTEGER, kurang INTEGER, sangat_kurang INTEGER);`);
  return w;
}

/** A unit of n respondents with mean m: half score m − 10, half m + 10 (Σ(r − m)² = 100·n). */
async function unit(periode: string, kode: string, opd: string, n: number, m: number): Promise<void> {
  const tahun = Number(periode.slice(0, 4));
  const semester = periode.includes("-S") ? periode : `${tahun}-S1`;
  const values = Array.from({ length: n }, (_, i) => `(${tahun}, '${semester}', '${kode}', ${i % 2 ? m + 10 : m - 10})`);
  await wh.exec(`INSERT INTO core.skm_respon VALUES ${values.join(", ")}`);
  await wh.exec(`INSERT INTO mart.ikm_unit VALUES ('${periode}', '${kode}', '${opd}', ${n}, ${m}, NULL)`);
}

/** All seven models in dependency order. */
async function buildAll(): Promise<void> {
  await ikmFunnel(wh, "mart.ikm_funnel");
  await izinFunnel(wh, "mart.izin_funnel");
  await indikatorSinyal(wh, "mart.indikator_sinyal");
  await ikmPerubahan(wh, "mart.ikm_perubahan");
  await ikmPeringkat(wh, "mart.ikm_peringkat");
  await predikatKesesuaian(wh, "mart.predikat_kesesuaian");
  await perluPerhatian(wh, "mart.perlu_perhatian");
}

beforeEach(async () => {
  wh = await setup();
});
afterEach(() => wh.close());

const PKM = ["PKM-PARIAMAN", "PKM-SIKAPAK", "PKM-MARUNGGI", "PKM-KURAITAJI", "PKM-SUNUR", "PKM-AIRSANTOK", "PKM-PADUSUNAN", "LABKESDA"];

describe("mart.ikm_funnel and its perlu_perhatian sentences", () => {
  // Each unit is judged against the OTHER units (leave-one-out, winsor_mixture τ², predictive variance).
  // B = E[min(Z², c²)], Z ~ N(0, 1), c = Φ⁻¹(0,9) = 1,2815516: (1 − 2p) − 2c·φ(c) + 2p·c² = 0,678655 (p = 0,1).
  // With equal s every z has the same variance v = 1 + τ²/s², so winsor_mixture's expected Σ z_w² over I
  // units is ((I − 1)/I)·I·v·B = (I − 1)·v·B: τ² = s²·(Σ z_w²/((I − 1)·B) − 1), or 0 when that is negative.
  // Semester I 2025: nine units of 30 respondents with IKM 80 and Puskesmas Naras (30) with 60.
  //   sw² = Σ SS/(N − I) = 10·3000/(300 − 10) = 30000/290; s² = sw²/30 = 3,4483 for every unit.
  //   Naras: the nine others all at 80 → target 80, all their z = 0 → τ²_−i = 0;
  //     Var(target) = 9·(30/270)²·s² = s²/9; sd² = s² + s²/9 = 10·s²/9 = 3,8314;
  //     z_D = −20/1,9574 = −10,22; lower 99,8% limit 80 − 3,090232·1,9574 = 73,951.
  //   Any 80 unit: others eight 80s and Naras → target (8·80 + 60)/9 = 700/9 = 77,778; deviations +20/9 (×8), −160/9.
  //     Type-7 quantiles (I = 9): 10% h = 0,8 → −160/9 + 0,8·180/9 = −16/9; 90% h = 7,2 → 20/9.
  //     Σ z_w² = (8·400 + 256)/81/s² = 3456/(81·s²) → τ²_−i = 3456/(81·8·B) − s² = 5,3333/B − s² = 4,4104;
  //     Var(target) = (s² + τ²)/9; sd² = (10/9)·(s² + τ²) = (10/9)·5,3333/B; z_D = (20/9)/2,9550 = 0,752.
  //   Whole period (tau2_kota, all ten units around θ0 = 78): deviations +2 (×9), −18; 10% h = 0,9 → −18 + 0,9·20 = 0,
  //     90% h = 8,1 → 2; Σ z_w² = 36/s²; τ² = 36/(9·B) − s² = 4/B − s² = 2,4458.
  // Semester II 2025: the same means with 10 respondents each: sw² = 10·1000/90, s² = sw²/10 = 11,111.
  //   Naras: target 80, τ² = 0, sd² = 10·s²/9 = 12,346, z_D = −20/3,5136 = −5,692, limit 80 − 3,090232·3,5136 = 69,142.
  //   An 80 unit: Σ z_w² = 3456/(81·s²) = 3,84 < (I − 1)·B = 8·0,6787 = 5,43 → τ²_−i = 0; sd² = 10·s²/9.
  const B = 0.8 - 2 * 1.2815515655446004 * (Math.exp(-(1.2815515655446004 ** 2) / 2) / Math.sqrt(2 * Math.PI)) + 0.2 * 1.2815515655446004 ** 2;
  const s2 = 30000 / 290 / 30;
  const sdNaras = Math.sqrt((10 * s2) / 9);
  const tau2Other = 3456 / (81 * 8 * B) - s2;
  const sdOther = Math.sqrt((10 / 9) * (s2 + tau2Other));
  const tau2Kota = 4 / B - s2;
  const s2b = 10000 / 90 / 10;
  const sdNarasB = Math.sqrt((10 * s2b) / 9);

  beforeEach(async () => {
    for (const [periode, n] of [["2025-S1", 30], ["2025-S2", 10]] as const) {
      for (const k of PKM.slice(0, 8)) await unit(periode, k, "DINKES", n, 80);
      await unit(periode, "DUKCAPIL", "DUKCAPIL", n, 80);
      await unit(periode, "PKM-NARAS", "DINKES", n, 60);
    }
    await buildAll();
  });

  it("per-unit targets, τ²_−i, limits, z_D and signals by hand", async () => {
    const rows = await wh.query<Record<string, number | string | boolean>>(`SELECT * FROM mart.ikm_funnel ORDER BY periode, kode_unit`);
    expect(rows).toHaveLength(20);
    const naras = rows.find((r) => r.periode === "2025-S1" && r.kode_unit === "PKM-NARAS")!;
    expect(naras.target).toBeCloseTo(80, 10);
    expect(naras.target_kota).toBeCloseTo(78, 10);
    expect(naras.sw).toBeCloseTo(Math.sqrt(30000 / 290), 10);
    expect(naras.tau2).toBe(0);
    expect(naras.varians_target).toBeCloseTo(s2 / 9, 10);
    expect(naras.tau2_kota).toBeCloseTo(tau2Kota, 6); // ≈ 2,4458
    expect(naras.z).toBeCloseTo(-20 / sdNaras, 8); // ≈ −10,22
    expect(naras.batas_bawah_998).toBeCloseTo(80 - Z998 * sdNaras, 5); // ≈ 73,951
    expect(naras.batas_bawah_95).toBeCloseTo(80 - Z95 * sdNaras, 5); // ≈ 76,164
    expect(naras.batas_atas_95).toBeCloseTo(80 + Z95 * sdNaras, 5);
    expect(naras.batas_atas_998).toBeCloseTo(80 + Z998 * sdNaras, 5);
    expect(naras.sinyal).toBe("alarm_rendah");
    expect(naras.sampel_kecil).toBe(false);
    const other = rows.find((r) => r.periode === "2025-S1" && r.kode_unit === "PKM-SUNUR")!;
    expect(other.target).toBeCloseTo(700 / 9, 10);
    expect(other.tau2).toBeCloseTo(tau2Other, 5); // ≈ 4,4104
    expect(other.z).toBeCloseTo(20 / 9 / sdOther, 5); // ≈ 0,752
    expect(other.batas_bawah_998).toBeCloseTo(700 / 9 - Z998 * sdOther, 4);
    expect(other.sinyal).toBe("normal");
    expect(other.tau2_kota).toBeCloseTo(tau2Kota, 6);

    const small = rows.find((r) => r.periode === "2025-S2" && r.kode_unit === "PKM-NARAS")!;
    expect(small.tau2).toBe(0);
    expect(small.tau2_kota).toBe(0);
    expect(small.batas_bawah_998).toBeCloseTo(80 - Z998 * sdNarasB, 5); // ≈ 69,142
    expect(small.z).toBeCloseTo(-20 / sdNarasB, 8);
    expect(small.sinyal).toBe("alarm_rendah");
    expect(small.sampel_kecil).toBe(true); // 10 < 30
    const smallOther = rows.find((r) => r.periode === "2025-S2" && r.kode_unit === "PKM-SUNUR")!;
    expect(smallOther.tau2).toBe(0);
    expect(smallOther.z).toBeCloseTo(20 / 9 / Math.sqrt((10 * s2b) / 9), 8);
  });

  it("perlu_perhatian: an alarm with the numbers; a small sample only waspada, with the caveat", async () => {
    const rows = await wh.query(`SELECT periode, jenis, kode, kode_opd, tingkat, alasan, bukti FROM mart.perlu_perhatian WHERE sumber = 'ikm_funnel' ORDER BY periode`);
    expect(rows).toEqual([
      {
        periode: "2025-S1",
        jenis: "unit",
        kode: "PKM-NARAS",
        kode_opd: "DINKES",
        tingkat: "alarm",
        // 80 − 3,090232·√(10·3,4483/9) = 73,951
        alasan: "IKM Puskesmas Naras 60,0 dengan 30 responden, di bawah batas 99,8% (74,0) dari rata-rata unit lain 80,0.",
        bukti: "/perencanaan#funnel-ikm",
      },
      {
        periode: "2025-S2",
        jenis: "unit",
        kode: "PKM-NARAS",
        kode_opd: "DINKES",
        tingkat: "waspada",
        // 80 − 3,090232·√(10·11,111/9) = 69,142
        alasan:
          "IKM Puskesmas Naras 60,0 dengan 10 responden, di bawah batas 99,8% (69,1) dari rata-rata unit lain 80,0; sampel kecil (kurang dari 30 responden), perlu survei lebih besar sebelum disimpulkan.",
        bukti: "/perencanaan#funnel-ikm",
      },
    ]);
  });

  it("ranks: small-sample units never ranked; ranks only when rankability ≥ 0,5", async () => {
    // Semester I: ρ = τ²/(τ² + median s²) with the whole period's τ² = 2,4458/(2,4458 + 3,4483) = 0,415 < 0,5: no ranks.
    // Semester II: every unit has 10 respondents (sampel kecil): nobody ranked.
    const rows = await wh.query<{ periode: string; rankability: number; peringkat: number | null; diperingkat: boolean }>(
      `SELECT periode, rankability, peringkat, diperingkat FROM mart.ikm_peringkat ORDER BY periode`,
    );
    expect(rows).toHaveLength(20);
    expect(rows[0].rankability).toBeCloseTo(tau2Kota / (tau2Kota + s2), 6);
    expect(rows.every((r) => r.peringkat === null && !r.diperingkat)).toBe(true);
  });
});

describe("mart.ikm_perubahan: Welch against the rest of the city, Benjamini-Hochberg", () => {
  // Three units of 30 respondents, 2024 → 2025. U1 (Puskesmas Naras) 80 → 60; U2, U3 80 → 80.
  //   Unit sd² = 30·100/29 = 103,448 (scores m ± 10).
  //   U1's rest of city (U2+U3, 60 respondents, scores 70/90 both years): mean 80 → 80, sd² = 6000/59.
  //   Δ_unit = −20, Δ_rest = 0, D = −20; SE² = 2·103,448/30 + 2·(6000/59)/60 = 10,286.
  //   ν = SE⁴ / (2·(103,448/30)²/29 + 2·((6000/59)/60)²/59) = 115,3.
  //   U2's rest (U1+U3): before 60 respondents 70/90 → mean 80, sd² 6000/59; after 50/70 (U1) and
  //   70/90 (U3) → mean 70, SS = 15·400 + 30·0 + 15·400 = 12000, sd² = 12000/59. D = 0 − (−10) = +10;
  //   SE² = 2·103,448/30 + (6000/59)/60 + (12000/59)/60 = 11,981, t = 2,889, p ≈ 0,005.
  //   All three p are below 1·0,05/3, so k* = 3 and the cut-off k*·q/m = 0,05.
  beforeEach(async () => {
    await unit("2024", "PKM-NARAS", "DINKES", 30, 80);
    await unit("2025", "PKM-NARAS", "DINKES", 30, 60);
    for (const k of ["PKM-SUNUR", "PKM-SIKAPAK"]) {
      await unit("2024", k, "DINKES", 30, 80);
      await unit("2025", k, "DINKES", 30, 80);
    }
    await buildAll();
  });

  it("differences, SE, df and the BH cut-off by hand", async () => {
    const rows = await wh.query<Record<string, number | string | boolean>>(`SELECT * FROM mart.ikm_perubahan WHERE periode = '2025' ORDER BY kode_unit`);
    expect(rows.map((r) => r.kode_unit)).toEqual(["PKM-NARAS", "PKM-SIKAPAK", "PKM-SUNUR"]);
    const u1 = rows[0];
    const vu = 3000 / 29 / 30;
    const vc = 6000 / 59 / 60;
    expect(u1.delta_unit).toBeCloseTo(-20, 10);
    expect(u1.delta_kota).toBeCloseTo(0, 10);
    expect(u1.selisih).toBeCloseTo(-20, 10);
    expect(u1.se).toBeCloseTo(Math.sqrt(2 * vu + 2 * vc), 10);
    expect(u1.df).toBeCloseTo((2 * vu + 2 * vc) ** 2 / ((2 * vu * vu) / 29 + (2 * vc * vc) / 59), 6);
    expect(u1.arah).toBe("turun");
    const u2 = rows[2];
    expect(u2.selisih).toBeCloseTo(10, 10);
    expect(u2.se).toBeCloseTo(Math.sqrt(2 * vu + vc + 12000 / 59 / 60), 10);
    expect(u2.p).toBeGreaterThan(0.001);
    expect(u2.p).toBeLessThan(0.05 / 3);
    for (const r of rows) {
      expect(r.bermakna).toBe(true);
      expect(r.ambang_bh).toBeCloseTo(0.05, 12);
    }
  });

  it("perlu_perhatian lists only the unit that fell, with the numbers", async () => {
    const rows = await wh.query(`SELECT periode, jenis, kode, tingkat, alasan, bukti FROM mart.perlu_perhatian WHERE sumber = 'ikm_perubahan'`);
    expect(rows).toEqual([
      {
        periode: "2025",
        jenis: "unit",
        kode: "PKM-NARAS",
        tingkat: "waspada",
        // t = −20/3,207 = −6,24 with 115 df: p ≈ 7·10⁻⁹
        alasan:
          "IKM Puskesmas Naras berubah dari 80,0 (tahun 2024) menjadi 60,0: skor responden −20,0 poin sementara unit lain di kota 0,0 poin, selisih −20,0 poin yang bermakna setelah koreksi Benjamini-Hochberg (q = 0,05; p < 0,0001).",
        bukti: "/perencanaan#perubahan-ikm",
      },
    ]);
  });
});

/** Binomial(n, p) CDF by direct summation (a second computation, not the library's). */
function binomCdf(r: number, n: number, p: number): number {
  let total = 0;
  let c = 1; // C(n, k)
  for (let k = 0; k <= r; k++) {
    total += c * p ** k * (1 - p) ** (n - k);
    c = (c * (n - k)) / (k + 1);
  }
  return total;
}

describe("mart.izin_funnel: exact binomial limits with interpolation", () => {
  // Q1 2025: three permit types, each 18 of 20 issued on time (θ0 = 0,9; no overdispersion, τ² = 0).
  // n·θ0·(1 − θ0) = 1,8 < 10 → exact limits: r_q = smallest r with F(r) ≥ q,
  // α = (F(r_q) − q)/(F(r_q) − F(r_q − 1)), limit = (r_q − α)/20. A rejected permit and one issued in
  // April do not count.
  beforeEach(async () => {
    const rows: string[] = [];
    for (const [kode, jenis] of [["PBG", "Persetujuan Bangunan Gedung"], ["SLF", "Sertifikat Laik Fungsi"], ["PKKPR", "Persetujuan KKPR"]])
      for (let i = 0; i < 20; i++) rows.push(`('${kode}', '${jenis}', 'DPMPTSP', 'terbit', DATE '2025-02-10', ${i < 18})`);
    rows.push(`('PBG', 'Persetujuan Bangunan Gedung', 'DPMPTSP', 'ditolak', DATE '2025-02-10', NULL)`);
    rows.push(`('PBG', 'Persetujuan Bangunan Gedung', 'DPMPTSP', 'terbit', DATE '2025-04-02', FALSE)`);
    await wh.exec(`INSERT INTO core.izin_permohonan VALUES ${rows.join(", ")}`);
    await buildAll();
  });

  it("limits by hand", async () => {
    const limit = (q: number) => {
      let r = 0;
      while (binomCdf(r, 20, 0.9) < q) r++;
      const F = binomCdf(r, 20, 0.9);
      const Fm = r > 0 ? binomCdf(r - 1, 20, 0.9) : 0;
      return (r - (F - q) / (F - Fm)) / 20;
    };
    const row = await wh.one<Record<string, number | string>>(`SELECT * FROM mart.izin_funnel WHERE periode = '2025-Q1' AND kode_izin = 'PBG'`);
    expect(row.jumlah).toBe(20);
    expect(row.tepat_waktu).toBe(18);
    expect(row.target).toBeCloseTo(0.9, 12);
    expect(row.tau2).toBe(0);
    expect(row.metode).toBe("exact");
    // F(15) = 0,0432 ≥ 0,025 > F(14) = 0,0113: r = 15, α = (0,0432 − 0,025)/(0,0432 − 0,0113) = 0,571 → 0,7215.
    expect(row.batas_bawah_95).toBeCloseTo(limit(0.025), 10);
    expect(row.batas_bawah_95).toBeCloseTo(0.7215, 3);
    expect(row.batas_bawah_998).toBeCloseTo(limit(0.001), 10);
    expect(row.batas_atas_95).toBeCloseTo(limit(0.975), 10);
    expect(row.batas_atas_998).toBeCloseTo(Math.min(1, limit(0.999)), 10);
    expect(row.sinyal).toBe("normal");
    // The year holds the April permit too: 21 issued, 18 on time.
    const year = await wh.one<{ jumlah: number; tepat_waktu: number }>(`SELECT jumlah, tepat_waktu FROM mart.izin_funnel WHERE periode = '2025' AND kode_izin = 'PBG'`);
    expect(year).toEqual({ jumlah: 21, tepat_waktu: 18 });
  });
});

describe("mart.indikator_sinyal: XmR limits, de-cumulation, OPD flag", () => {
  // BKPSDM-01 (nilai_terakhir), 2022-Q1 … 2025-Q1: baseline 10 12 11 13 12 14 13 12 11 13 12 14
  // (x̄ = 147/12 = 12,25; MR̄ = 16/11; 3σ: 12,25 ± 2,66·16/11 → 8,380909 – 16,119091), then 5.
  // DPMPTSP-04 (kumulatif, naik), 2024: s.d. realisasi 10, 25, 40, 60 with annual target 80 → the
  // quarters' own realisations 10, 15, 15, 20 against 80/4 = 20 → 50, 75, 75, 100. A capaian of 130
  // in 2025-Q1 is capped at 120.
  const quarters = ["2022", "2023", "2024"].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`)).concat("2025-Q1");
  const base = [10, 12, 11, 13, 12, 14, 13, 12, 11, 13, 12, 14, 5];
  beforeEach(async () => {
    const rows = quarters.map((p, i) => `('${p}', 'BKPSDM', 'BKPSDM-01', 'nilai_terakhir', 'naik', 100, NULL, 100, ${base[i]}, ${base[i]})`);
    const cum = [10, 25, 40, 60];
    cum.forEach((r, i) => rows.push(`('2024-Q${i + 1}', 'DPMPTSP', 'DPMPTSP-04', 'kumulatif', 'naik', ${(80 * (i + 1)) / 4}, NULL, 80, ${r}, ${((r / ((80 * (i + 1)) / 4)) * 100).toFixed(2)})`));
    rows.push(`('2025-Q1', 'DPMPTSP', 'DPMPTSP-04', 'kumulatif', 'naik', 20, NULL, 80, 26, 130)`);
    await wh.exec(`INSERT INTO mart.indikator_capaian VALUES ${rows.join(", ")}`);
    await buildAll();
  });

  it("limits and the 3σ signal on the 13th point", async () => {
    const rows = await wh.query<Record<string, number | string | boolean | null>>(
      `SELECT * FROM mart.indikator_sinyal WHERE kode_indikator = 'BKPSDM-01' ORDER BY periode`,
    );
    expect(rows.slice(0, 11).every((r) => r.mode === "baseline_kurang" && r.sinyal === false)).toBe(true);
    const last = rows[12];
    expect(last.periode).toBe("2025-Q1");
    expect(last.mode).toBe("xmr");
    expect(last.garis_tengah).toBeCloseTo(12.25, 12);
    expect(last.mr_rata).toBeCloseTo(16 / 11, 12);
    expect(last.batas_bawah).toBeCloseTo(12.25 - 2.66 * (16 / 11), 10);
    expect(last.batas_atas).toBeCloseTo(12.25 + 2.66 * (16 / 11), 10);
    expect(last.batas_bawah_2s).toBeCloseTo(12.25 - 1.773 * (16 / 11), 10);
    expect(last).toMatchObject({ luar_3s: "bawah", sinyal: true, arah: "memburuk", opd_ditandai: true, opd_alasan: "luar_3s" });
    expect(rows[11]).toMatchObject({ mode: "xmr", sinyal: false });
  });

  it("de-cumulates a cumulative series and caps at 120", async () => {
    const rows = await wh.query<{ periode: string; nilai: number }>(
      `SELECT periode, nilai FROM mart.indikator_sinyal WHERE kode_indikator = 'DPMPTSP-04' ORDER BY periode`,
    );
    // 2025-Q1 is a first quarter: its own realisation 26 against 20 → 130 → capped 120.
    expect(rows).toEqual([
      { periode: "2024-Q1", nilai: 50 },
      { periode: "2024-Q2", nilai: 75 },
      { periode: "2024-Q3", nilai: 75 },
      { periode: "2024-Q4", nilai: 100 },
      { periode: "2025-Q1", nilai: 120 },
    ]);
  });

  it("perlu_perhatian: the indicator (alarm) and its OPD (alarm)", async () => {
    const rows = await wh.query(`SELECT periode, jenis, kode, tingkat, alasan, bukti FROM mart.perlu_perhatian WHERE sumber = 'indikator_sinyal' ORDER BY jenis`);
    expect(rows).toEqual([
      {
        periode: "2025-Q1",
        jenis: "indikator",
        kode: "BKPSDM-01",
        tingkat: "alarm",
        // LCL = 12,25 − 3,869091 = 8,380909 → "8,4"
        alasan: "Capaian Indeks Profesionalitas ASN Triwulan I 2025 5,0% (rata-rata dasar 12,3%): capaian 5,0 di bawah batas kendali bawah 8,4.",
        bukti: "/perencanaan#peta-kendali",
      },
      {
        periode: "2025-Q1",
        jenis: "opd",
        kode: "BKPSDM",
        tingkat: "alarm",
        alasan:
          "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia: 1 indikator memburuk pada Triwulan I 2025 menurut peta kendali, 1 di bawah batas kendali 3σ (BKPSDM-01).",
        bukti: "/perencanaan#peta-kendali",
      },
    ]);
  });
});

describe("mart.predikat_kesesuaian: every organisational predikat, complying (2024) and not (2025)", () => {
  // Organisation's predikat from the mean annual IKU capaian (capped at 120, belum lapor excluded):
  //   SETDA 115 and 125→120: 117,5 → Istimewa;  BAPPEDA 100 and 104: 102 → Baik;
  //   BKPSDM 95 → Butuh Perbaikan;  DINKES 80 → Kurang;  DPMPTSP 60 and NULL: 60 → Sangat Kurang.
  // Counts (SB, B, BP, K, SK):
  //   Istimewa  2024 (7,3,0,0,0): SB 70% ≤ 70% ✓       2025 (8,2,0,0,0): SB 80% ✗
  //   Baik      2024 (2,7,1,0,0): B 70%, BP > 0 ✓       2025 (0,10,0,0,0): B 100% ✗, no BP ✗
  //   BP        2024 (1,3,6,0,0): BP 60%, SB 10% ✓      2025 (2,3,5,0,0): BP 50% ✗, SB 20% ✗ (2 people)
  //   Kurang    2024 (1,2,1,6,0): K 60, BP 10, SB 10 ✓  2025 (0,5,0,5,0): K 50% ✗, BP 0% ✗
  //   SK        2024 (0,3,0,1,6): SK 60, K+BP 10, SB 0 ✓ 2025 (1,2,0,1,6): SB present ✗
  const cases: [string, number[], number[], number[]][] = [
    ["SETDA", [115, 125], [7, 3, 0, 0, 0], [8, 2, 0, 0, 0]],
    ["BAPPEDA", [100, 104], [2, 7, 1, 0, 0], [0, 10, 0, 0, 0]],
    ["BKPSDM", [95], [1, 3, 6, 0, 0], [2, 3, 5, 0, 0]],
    ["DINKES", [80], [1, 2, 1, 6, 0], [0, 5, 0, 5, 0]],
    ["DPMPTSP", [60, NaN], [0, 3, 0, 1, 6], [1, 2, 0, 1, 6]],
  ];
  beforeEach(async () => {
    const cap: string[] = [];
    const skp: string[] = [];
    for (const [opd, capaian, ok, bad] of cases) {
      for (const year of ["2024", "2025"])
        capaian.forEach((c, i) => cap.push(`('${year}', '${opd}', '${opd}-0${i + 1}', 'nilai_terakhir', 'naik', 100, NULL, 100, NULL, ${Number.isNaN(c) ? "NULL" : c})`));
      for (const [year, counts] of [["2024", ok], ["2025", bad]] as const)
        skp.push(`('${year}', '${opd}', ${counts.reduce((a, b) => a + b, 0)}, ${counts.join(", ")})`);
    }
    await wh.exec(`INSERT INTO mart.indikator_capaian VALUES ${cap.join(", ")}`);
    await wh.exec(`INSERT INTO mart.skp_predikat VALUES ${skp.join(", ")}`);
    await buildAll();
  });

  it("predikat and verdict per organisation and year", async () => {
    const rows = await wh.query(`SELECT periode, kode_opd, predikat_organisasi, rata_capaian, jumlah_indikator, sesuai, aturan_gagal FROM mart.predikat_kesesuaian ORDER BY periode, kode_opd`);
    const expected = (periode: string, sesuai: boolean, gagal: Record<string, string | null>) =>
      [
        ["BAPPEDA", "Baik", 102, 2],
        ["BKPSDM", "Butuh Perbaikan", 95, 1],
        ["DINKES", "Kurang", 80, 1],
        ["DPMPTSP", "Sangat Kurang", 60, 1],
        ["SETDA", "Istimewa", 117.5, 2],
      ].map(([kode_opd, predikat_organisasi, rata_capaian, jumlah_indikator]) => ({
        periode,
        kode_opd,
        predikat_organisasi,
        rata_capaian,
        jumlah_indikator,
        sesuai,
        aturan_gagal: gagal[kode_opd as string] ?? null,
      }));
    expect(rows).toEqual([
      ...expected("2024", true, {}),
      ...expected("2025", false, {
        SETDA: "sangat_baik_maks_70",
        BAPPEDA: "baik_maks_70,ada_butuh_perbaikan_ke_bawah",
        BKPSDM: "butuh_perbaikan_min_60,sangat_baik_maks_10",
        DINKES: "kurang_min_60,butuh_perbaikan_min_10",
        DPMPTSP: "tanpa_sangat_baik",
      }),
    ]);
  });

  it("the sentence gives the numbers and withholds groups of 1-4 people", async () => {
    const r = await wh.one<{ alasan: string; tingkat: string; bukti: string }>(
      `SELECT alasan, tingkat, bukti FROM mart.perlu_perhatian WHERE sumber = 'predikat_kesesuaian' AND kode = 'BKPSDM'`,
    );
    expect(r).toEqual({
      tingkat: "waspada",
      bukti: "/perencanaan#kesesuaian-predikat",
      alasan:
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia tahun 2025 (rata-rata capaian IKU 95,0%): Predikat organisasi Butuh Perbaikan tetapi sebaran predikat 10 pegawai tidak sesuai SE MenPANRB 3/2023: paling sedikit 60% pegawai Butuh Perbaikan (tercatat 50,0%); paling banyak 10% pegawai Sangat Baik (tercatat kurang dari 5 orang).",
    });
    expect(await wh.one(`SELECT count(*) AS n FROM mart.perlu_perhatian WHERE sumber = 'predikat_kesesuaian'`)).toEqual({ n: 5 });
  });
});

describe("mart.ikm_funnel: periods with nothing to compare", () => {
  it("a period with a single unit, or with no spread in any respondent's score, gets no funnel rows", async () => {
    // 2025-S1: one unit only (a city value of one unit is that unit: no comparison).
    await unit("2025-S1", "PKM-NARAS", "DINKES", 30, 80);
    // 2025-S2: two units whose respondents all gave the same score: sw = 0, limits would collapse onto θ0.
    for (const [kode, skor] of [["PKM-NARAS", 80], ["PKM-SUNUR", 70]] as const) {
      await wh.exec(`INSERT INTO core.skm_respon SELECT 2025, '2025-S2', '${kode}', ${skor} FROM range(20)`);
      await wh.exec(`INSERT INTO mart.ikm_unit VALUES ('2025-S2', '${kode}', 'DINKES', 20, ${skor}, NULL)`);
    }
    // 2026-S1: a comparable period is still built.
    await unit("2026-S1", "PKM-NARAS", "DINKES", 30, 80);
    await unit("2026-S1", "PKM-SUNUR", "DINKES", 30, 70);
    await ikmFunnel(wh, "mart.ikm_funnel");
    const rows = await wh.query<{ periode: string; n: number }>(
      `SELECT periode, count(*) AS n FROM mart.ikm_funnel GROUP BY periode ORDER BY periode`,
    );
    expect(rows).toEqual([{ periode: "2026-S1", n: 2 }]);
    // Two units: each is compared with the other (τ²_−i = 0, one unit cannot show between-unit variance).
    //   sw² = (3000 + 3000)/(60 − 2) = 6000/58, s² = sw²/30 = 200/58 for both; Var(target) = the other's s².
    //   Sunur: target 80, sd² = 2·200/58, z_D = −10/√(400/58) = −3,81 < −3,090232 → alarm_rendah; Naras the mirror image.
    const two = await wh.query<{ kode_unit: string; target: number; tau2: number; z: number; sinyal: string }>(
      `SELECT kode_unit, target, tau2, z, sinyal FROM mart.ikm_funnel ORDER BY kode_unit`,
    );
    expect(two.map((r) => [r.kode_unit, r.target, r.tau2, r.sinyal])).toEqual([
      ["PKM-NARAS", 70, 0, "alarm_tinggi"],
      ["PKM-SUNUR", 80, 0, "alarm_rendah"],
    ]);
    expect(two[1].z).toBeCloseTo(-10 / Math.sqrt(400 / 58), 10);
  });
});
