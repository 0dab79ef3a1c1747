import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csvParse } from "d3-dsv";
import { DEFAULT_REFERENCE_DIR, loadReference } from "./index.ts";
import { buildWilayah, formatWilayah } from "./wilayah.ts";

const dir = DEFAULT_REFERENCE_DIR;
const text = (f: string) => readFileSync(path.join(dir, f), "utf8");
const firstLine = (f: string) => text(f).split("\n")[0];
const ref = loadReference(dir);

describe("data/reference", () => {
  it("has the exact headers, no BOM", () => {
    expect(firstLine("opd.csv")).toBe("kode_opd,nama_opd,singkatan,jenis");
    expect(firstLine("unit_layanan.csv")).toBe("kode_unit,nama_unit,kode_opd,kode_kecamatan");
    expect(firstLine("indikator.csv")).toBe("kode_indikator,nama_indikator,definisi,rumus,satuan,polaritas,kode_opd,sumber");
    expect(firstLine("target_indikator.csv")).toBe("kode_indikator,tahun,target,target_atas");
    expect(firstLine("hari_libur.csv")).toBe("tanggal,nama");
    expect(firstLine("wilayah.csv")).toBe("kode,nama,tingkat,kode_induk");
  });

  it("OPD: 30 unique URL-safe codes, known jenis, four kecamatan", () => {
    expect(ref.opd).toHaveLength(30);
    expect(new Set(ref.opd.map((o) => o.kode_opd)).size).toBe(30);
    expect(new Set(ref.opd.map((o) => o.nama_opd)).size).toBe(30);
    for (const o of ref.opd) {
      expect(o.kode_opd).toMatch(/^[A-Z0-9-]+$/);
      expect(["sekretariat", "inspektorat", "badan", "dinas", "satuan", "kecamatan"]).toContain(o.jenis);
    }
    expect(ref.opd.filter((o) => o.jenis === "kecamatan")).toHaveLength(4);
  });

  it("service units belong to a known OPD and kecamatan", () => {
    const opd = new Set(ref.opd.map((o) => o.kode_opd));
    expect(ref.unit.length).toBeGreaterThanOrEqual(35);
    expect(new Set(ref.unit.map((u) => u.kode_unit)).size).toBe(ref.unit.length);
    for (const u of ref.unit) {
      expect(u.kode_unit).toMatch(/^[A-Z0-9-]+$/);
      expect(opd.has(u.kode_opd)).toBe(true);
      expect(["13.77.01", "13.77.02", "13.77.03", "13.77.04"]).toContain(u.kode_kecamatan);
    }
  });

  it("indicator catalogue: 2-5 per OPD, polarities, required examples, targets 2021-2026", () => {
    const perOpd = new Map<string, number>();
    for (const i of ref.indikator) perOpd.set(i.kode_opd, (perOpd.get(i.kode_opd) ?? 0) + 1);
    for (const o of ref.opd) {
      expect(perOpd.get(o.kode_opd)).toBeGreaterThanOrEqual(2);
      expect(perOpd.get(o.kode_opd)).toBeLessThanOrEqual(5);
    }
    expect(ref.indikator.filter((i) => i.polaritas === "turun").length).toBeGreaterThanOrEqual(8);
    expect(ref.indikator.filter((i) => i.polaritas === "rentang").length).toBeGreaterThanOrEqual(3);
    const raw = csvParse(text("indikator.csv"));
    for (const r of raw) {
      expect(r.kode_indikator!.startsWith(`${r.kode_opd}-`)).toBe(true);
      expect(r.definisi).not.toBe("");
      expect(r.rumus).not.toBe("");
    }
    const names = ref.indikator.map((i) => i.nama_indikator).join("\n");
    for (const aps of ["7-12", "13-15", "16-18"]) expect(names).toContain(`APS) usia ${aps}`);
    expect(ref.indikator.find((i) => i.kode_indikator === "DPMPTSP-01")).toMatchObject({ satuan: "hari", polaritas: "turun" });
    expect(names).toContain("kelurahan/desa yang mendapat penyuluhan kesehatan");
    expect(raw.some((r) => r.rumus === "jumlah yang dilayani sesuai standar / jumlah sasaran × 100")).toBe(true);
    for (const i of ref.indikator) {
      const t = ref.target.filter((x) => x.kode_indikator === i.kode_indikator).sort((a, b) => a.tahun - b.tahun);
      expect(t.map((x) => x.tahun)).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
      for (const x of t) {
        if (i.polaritas === "rentang") expect(x.target_atas).toBeGreaterThan(x.target);
        else expect(x.target_atas).toBeNull();
      }
    }
  });

  it("holidays: unique ISO dates 2021-2026", () => {
    const rows = csvParse(text("hari_libur.csv"));
    expect(new Set(rows.map((r) => r.tanggal)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.tanggal).toMatch(/^202[1-6]-\d{2}-\d{2}$/);
      expect(new Date(`${r.tanggal}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r.tanggal);
    }
    for (const y of [2021, 2022, 2023, 2024, 2025, 2026]) {
      expect(rows.some((r) => r.tanggal === `${y}-08-17`)).toBe(true);
      expect(rows.some((r) => r.tanggal === `${y}-12-25`)).toBe(true);
    }
  });

  it("wilayah.csv is what the generator makes: 1 kota, 4 kecamatan, 71 desa/kelurahan", () => {
    const dataDir = path.join(dir, "..", "..", "node_modules", "idn-area-data", "data");
    const read = (f: string) => readFileSync(path.join(dataDir, f), "utf8");
    const rows = buildWilayah({ regencies: read("regencies.csv"), districts: read("districts.csv"), villages: read("villages.csv") });
    expect(formatWilayah(rows)).toBe(text("wilayah.csv"));
    expect(rows.filter((r) => r.tingkat === "kota")).toHaveLength(1);
    expect(rows.filter((r) => r.tingkat === "kecamatan").map((r) => r.nama)).toEqual(["Pariaman Tengah", "Pariaman Utara", "Pariaman Selatan", "Pariaman Timur"]);
    expect(rows.filter((r) => r.tingkat === "desa" || r.tingkat === "kelurahan")).toHaveLength(71);
  });
});
