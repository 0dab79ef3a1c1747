import { describe, expect, it } from "vitest";
import { alasanDistribusi, checkDistribution, predikatOrganisasi, shares } from "./rating-distribution.ts";

const failed = (c: ReturnType<typeof checkDistribution>) => c.gagal.map((r) => r.aturan);

describe("SE MenPANRB 3/2023 distribution rule, one case each way per organisational predikat", () => {
  it("Istimewa: at most 70% Sangat Baik", () => {
    expect(checkDistribution("Istimewa", { "Sangat Baik": 7, Baik: 3 }).sesuai).toBe(true); // exactly 70%
    const c = checkDistribution("Istimewa", { "Sangat Baik": 8, Baik: 2 });
    expect(c.sesuai).toBe(false);
    expect(failed(c)).toEqual(["sangat_baik_maks_70"]);
    expect(c.gagal[0].nilai).toBeCloseTo(0.8, 12);
  });
  it("Baik: at most 70% Baik and some Butuh Perbaikan/Kurang", () => {
    expect(checkDistribution("Baik", { "Sangat Baik": 2, Baik: 7, "Butuh Perbaikan": 1 }).sesuai).toBe(true);
    expect(failed(checkDistribution("Baik", { "Sangat Baik": 2, Baik: 8 }))).toEqual(["baik_maks_70", "ada_butuh_perbaikan_ke_bawah"]);
    expect(failed(checkDistribution("Baik", { "Sangat Baik": 4, Baik: 6 }))).toEqual(["ada_butuh_perbaikan_ke_bawah"]);
    expect(checkDistribution("Baik", { "Sangat Baik": 3, Baik: 6, Kurang: 1 }).sesuai).toBe(true);
  });
  it("Butuh Perbaikan: ≥ 60% Butuh Perbaikan, ≤ 10% Sangat Baik", () => {
    expect(checkDistribution("Butuh Perbaikan", { "Sangat Baik": 1, Baik: 3, "Butuh Perbaikan": 6 }).sesuai).toBe(true);
    const c = checkDistribution("Butuh Perbaikan", { "Sangat Baik": 2, Baik: 4, "Butuh Perbaikan": 4 });
    expect(failed(c)).toEqual(["butuh_perbaikan_min_60", "sangat_baik_maks_10"]);
    expect(c.gagal.map((r) => r.nilai)).toEqual([0.4, 0.2]);
  });
  it("Kurang: ≥ 60% Kurang, ≥ 10% Butuh Perbaikan, ≤ 10% Sangat Baik", () => {
    expect(checkDistribution("Kurang", { "Sangat Baik": 1, "Butuh Perbaikan": 2, Kurang: 6, "Sangat Kurang": 1 }).sesuai).toBe(true);
    expect(failed(checkDistribution("Kurang", { Baik: 3, Kurang: 7 }))).toEqual(["butuh_perbaikan_min_10"]);
    expect(failed(checkDistribution("Kurang", { "Sangat Baik": 2, "Butuh Perbaikan": 3, Kurang: 5 }))).toEqual(["kurang_min_60", "sangat_baik_maks_10"]);
  });
  it("Sangat Kurang: ≥ 60% Sangat Kurang, ≥ 10% Kurang and/or Butuh Perbaikan, no Sangat Baik", () => {
    expect(checkDistribution("Sangat Kurang", { "Sangat Kurang": 6, Kurang: 1, Baik: 3 }).sesuai).toBe(true);
    expect(checkDistribution("Sangat Kurang", { "Sangat Kurang": 6, "Butuh Perbaikan": 1, Baik: 3 }).sesuai).toBe(true);
    const c = checkDistribution("Sangat Kurang", { "Sangat Kurang": 9, "Sangat Baik": 1 });
    expect(failed(c)).toEqual(["kurang_atau_butuh_perbaikan_min_10", "tanpa_sangat_baik"]);
    expect(alasanDistribusi(c)).toBe(
      "Predikat organisasi Sangat Kurang tetapi sebaran predikat 10 pegawai tidak sesuai SE MenPANRB 3/2023: paling sedikit 10% pegawai Kurang dan/atau Butuh Perbaikan (tercatat 0,0%); tidak ada pegawai Sangat Baik (tercatat 10,0%).",
    );
  });
  it("no employees: not compliant, one explicit reason", () => {
    const c = checkDistribution("Baik", {});
    expect(c.sesuai).toBe(false);
    expect(failed(c)).toEqual(["tanpa_data"]);
  });
  it("shares", () => {
    const s = shares({ "Sangat Baik": 1, Baik: 5, "Butuh Perbaikan": 2, Kurang: 1, "Sangat Kurang": 1 });
    expect(s).toMatchObject({ total: 10, sangatBaik: 0.1, baik: 0.5, butuhPerbaikanKeBawah: 0.4 });
  });
});

describe("organisation predikat from mean capped IKU capaian (project convention)", () => {
  it("caps at 120, skips belum lapor, applies the bands", () => {
    // (120 + 100 + 110)/3 = 110 → Istimewa (150 capped to 120; null skipped)
    expect(predikatOrganisasi([150, 100, 110, null])).toEqual({ predikat: "Istimewa", rataRata: 110, jumlahIndikator: 3 });
    expect(predikatOrganisasi([100, 109.99])!.predikat).toBe("Baik");
    expect(predikatOrganisasi([90, 95])!.predikat).toBe("Butuh Perbaikan");
    expect(predikatOrganisasi([89.99])!.predikat).toBe("Kurang");
    expect(predikatOrganisasi([75])!.predikat).toBe("Kurang");
    expect(predikatOrganisasi([60, 80])!.predikat).toBe("Sangat Kurang");
    expect(predikatOrganisasi([null, undefined])).toBeNull();
    expect(predikatOrganisasi([100], [{ min: 100, predikat: "Istimewa" }, { min: 0, predikat: "Kurang" }])!.predikat).toBe("Istimewa");
  });
});
