// The izin (SiCantik) and pengaduan (SP4N-LAPOR!) demo exports: headers, codes, working days,
// stories, planted faults, and the XLSX year read back through the loader's own XLSX reader.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvParse, dsvFormat } from "d3-dsv";
import ExcelJS from "exceljs";
import { DEFAULT_REFERENCE_DIR, DEFAULT_SEED, loadReference, planDemo, type DemoPlan } from "./index.ts";
import { IZIN_HEADER, IZIN_STORY, IZIN_XLSX_YEAR, izinPath } from "./izin.ts";
import { LAPOR_HEADER, LAPOR_STORY } from "./pengaduan.ts";
import { isWorkday, utc } from "./workdays.ts";
import { sniffXlsx } from "../ingest/read-xlsx.ts";
import { headerFit, mapHeaders } from "../ingest/headers.ts";
import { izin } from "../sources/izin/index.ts";
import { pengaduan } from "../sources/pengaduan/index.ts";

const reference = loadReference(DEFAULT_REFERENCE_DIR);
const holidays = new Set(reference.libur);
const jenis = new Map(reference.jenisIzin!.map((j) => [j.jenis_izin, j]));
const kecamatan = new Set(reference.kecamatan);
const opd = new Set(reference.opd.map((o) => o.kode_opd));
const semicolon = dsvFormat(";");
let plan: DemoPlan;
const text = new Map<string, string>();
let xlsx: Uint8Array;
const dir = mkdtempSync(path.join(tmpdir(), "kinerja-demo-lp-"));

beforeAll(async () => {
  plan = planDemo({ seed: DEFAULT_SEED, scale: 1, reference });
  for (const s of plan.streams.filter((x) => x.kind === "izin" || x.kind === "pengaduan")) {
    if (s.bytes) xlsx = await s.bytes();
    else text.set(s.path, Array.from(s.chunks()).join(""));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dmyToIso = (s: string) => (s ? s.split("/").reverse().join("-") : "");
const izinCsv = () => [...text].filter(([p]) => p.startsWith("izin/"));
const laporCsv = () => [...text].filter(([p]) => p.startsWith("pengaduan/"));

describe("izin demo export", () => {
  it("uses the SiCantik header, which the izin contract maps (Nama Pemohon dropped)", () => {
    for (const [, c] of izinCsv()) expect(c.slice(0, c.indexOf("\n"))).toBe(IZIN_HEADER);
    const m = mapHeaders(IZIN_HEADER.split(";"), izin);
    expect(m.dropped).toEqual(["Nama Pemohon"]);
    expect(m.unknown).toEqual([]);
    expect([...m.columns.keys()].sort()).toEqual(["jenis_izin", "kode_kecamatan", "no_permohonan", "status", "tanggal_masuk", "tanggal_terbit"]);
  });

  it("rows: known permit types and kecamatan, received on working days, decisions after receipt, except the planted rows", () => {
    const bad: string[] = [];
    const planted = new Set(plan.planted.filter((p) => p.file.startsWith("izin/")).map((p) => `${p.file}:${p.row}`));
    const seen = new Set<string>();
    for (const [file, c] of izinCsv()) {
      const year = file.slice(10, 14);
      semicolon.parse(c).forEach((r, i) => {
        const where = `${file}:${i + 1}`;
        const masuk = dmyToIso(r["Tanggal Masuk"]!), terbit = dmyToIso(r["Tanggal Terbit"]!);
        if (seen.has(r["No Permohonan"]!)) bad.push(`${where} duplicate`);
        seen.add(r["No Permohonan"]!);
        if (!jenis.has(r["Jenis Izin"]!)) bad.push(`${where} jenis`);
        if (r.Kecamatan !== "" && !kecamatan.has(r.Kecamatan!)) bad.push(`${where} kecamatan`);
        if (!masuk.startsWith(year) || !isWorkday(utc(masuk), holidays)) bad.push(`${where} masuk`);
        if (terbit && terbit < masuk) bad.push(`${where} terbit<masuk`);
        if (terbit > "2025-12-31") bad.push(`${where} future`);
        const st = r.Status!;
        if (!["Selesai", "Ditolak", "Dibatalkan", "Dalam Proses"].includes(st)) bad.push(`${where} status`);
        if ((st === "Selesai" || st === "Ditolak") !== (terbit !== "")) bad.push(`${where} status/date`);
      });
    }
    expect(bad.sort()).toEqual(
      plan.planted.filter((p) => p.file.startsWith("izin/")).map((p) => `${p.file}:${p.row} ${p.column === "Jenis Izin" ? "jenis" : "terbit<masuk"}`).sort(),
    );
    expect(planted.size).toBe(2);
  });

  it("tells the story: permits faster after the MPP opened, some refused, withdrawn and still open", () => {
    const holidaysSet = holidays;
    const wd = (a: string, b: string) => {
      let n = 0;
      for (let t = utc(a).getTime() + 86_400_000; t <= utc(b).getTime(); t += 86_400_000) if (isWorkday(new Date(t), holidaysSet)) n++;
      return n;
    };
    const onTime = { before: [0, 0], after: [0, 0] };
    const status = new Map<string, number>();
    for (const [, c] of izinCsv()) {
      for (const r of semicolon.parse(c)) {
        status.set(r.Status!, (status.get(r.Status!) ?? 0) + 1);
        if (r.Status !== "Selesai") continue;
        const masuk = dmyToIso(r["Tanggal Masuk"]!), terbit = dmyToIso(r["Tanggal Terbit"]!);
        if (terbit < masuk || !jenis.has(r["Jenis Izin"]!)) continue; // planted
        const k = masuk < IZIN_STORY.mppOpened ? onTime.before : onTime.after;
        k[0]++;
        if (wd(masuk, terbit) <= jenis.get(r["Jenis Izin"]!)!.sla_hari_kerja) k[1]++;
      }
    }
    const before = onTime.before[1] / onTime.before[0], after = onTime.after[1] / onTime.after[0];
    expect(before).toBeLessThan(0.45);
    expect(after).toBeGreaterThan(0.8);
    const total = [...status.values()].reduce((a, b) => a + b, 0);
    expect(status.get("Ditolak")! / total).toBeGreaterThan(0.03);
    expect(status.get("Dibatalkan")!).toBeGreaterThan(10);
    expect(status.get("Dalam Proses")!).toBeGreaterThan(10);
    // A few thousand applications a year.
    for (const s of plan.streams.filter((x) => x.kind === "izin")) {
      expect(s.rows).toBeGreaterThan(1000);
      expect(s.rows).toBeLessThan(5000);
    }
  });

  it(`${IZIN_XLSX_YEAR} is an XLSX with a title block and a merged two-row header, real dates; the loader's reader finds the header`, async () => {
    expect(plan.streams.find((s) => s.path === izinPath(IZIN_XLSX_YEAR))!.bytes).toBeDefined();
    const file = path.join(dir, "izin_2024.xlsx");
    writeFileSync(file, xlsx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell("A1").value)).toMatch(/PERMOHONAN IZIN TAHUN 2024/);
    expect(ws.getCell("C4").isMerged && ws.getCell("D4").isMerged).toBe(true);
    expect(ws.getCell("A5").isMerged).toBe(true);
    expect(ws.getCell("C6").value).toBeInstanceOf(Date);
    const shape = await sniffXlsx(file, (h) => headerFit(h, izin));
    expect(shape.headerRow).toBe(5);
    expect(shape.headers.slice(0, 7)).toEqual(["No Permohonan", "Jenis Izin", "Tanggal Masuk", "Tanggal Terbit", "Status", "Nama Pemohon", "Kecamatan"]);
    const rows = plan.streams.find((s) => s.path === izinPath(IZIN_XLSX_YEAR))!.rows;
    expect(ws.actualRowCount).toBe(rows + 4); // title, subtitle, two header rows (row 3 is empty)
    for (let r = 6; r < 6 + rows; r += 97) expect(jenis.has(String(ws.getRow(r).getCell(2).value))).toBe(true);
  });
});

describe("pengaduan (SP4N-LAPOR!) demo export", () => {
  it("uses the LAPOR header, which the pengaduan contract maps (name and free text dropped)", () => {
    for (const [, c] of laporCsv()) expect(c.slice(0, c.indexOf("\n"))).toBe(LAPOR_HEADER);
    const m = mapHeaders(LAPOR_HEADER.split(","), pengaduan);
    expect(m.dropped.sort()).toEqual(["Isi Laporan", "Nama Pelapor"]);
    expect(m.unknown).toEqual([]);
  });

  it("rows: known OPD and kecamatan, ISO dates in order, quoted free text with commas, except the planted rows", () => {
    const bad: string[] = [];
    let commas = 0, rows = 0;
    const klas = new Map<string, number>();
    for (const [file, c] of laporCsv()) {
      csvParse(c).forEach((r, i) => {
        rows++;
        const where = `${file}:${i + 1}`;
        if (!opd.has(r["Kode Instansi"]!)) bad.push(`${where} opd`);
        if (r.Kecamatan !== "" && !kecamatan.has(r.Kecamatan!)) bad.push(`${where} kecamatan`);
        for (const k of ["Tanggal Laporan", "Tanggal Tindak Lanjut", "Tanggal Selesai"]) if (r[k] !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(r[k]!)) bad.push(`${where} ${k}`);
        if (r["Tanggal Selesai"] !== "" && r["Tanggal Selesai"]! < r["Tanggal Laporan"]!) bad.push(`${where} selesai<masuk`);
        if ((r.Status === "Selesai") !== (r["Tanggal Selesai"] !== "")) bad.push(`${where} status/date`);
        if (r["Isi Laporan"]!.includes(",")) commas++;
        klas.set(r.Klasifikasi!, (klas.get(r.Klasifikasi!) ?? 0) + 1);
      });
    }
    const expected = plan.planted
      .filter((p) => p.file.startsWith("pengaduan/"))
      .map((p) => `${p.file}:${p.row} ${p.column === "Kode Instansi" ? "opd" : "selesai<masuk"}`);
    expect(expected).toHaveLength(2);
    expect(bad.sort()).toEqual(expected.sort());
    expect(commas / rows).toBeGreaterThan(0.9);
    expect([...klas.keys()].sort()).toEqual(["Pemeriksaan Lapangan", "Pengaduan Investigasi", "Pengaduan Sederhana", "Permintaan Informasi"]);
  });

  it(`tells the story: ${LAPOR_STORY.slow} answers slowly, others within days; some tickets still open`, () => {
    const first = new Map<string, number[]>();
    let open = 0;
    for (const [, c] of laporCsv()) {
      for (const r of csvParse(c)) {
        if (r.Status === "Proses") open++;
        if (!r["Tanggal Tindak Lanjut"]) continue;
        const days = (utc(r["Tanggal Tindak Lanjut"]!).getTime() - utc(r["Tanggal Laporan"]!).getTime()) / 86_400_000;
        const k = r["Kode Instansi"] === LAPOR_STORY.slow ? "slow" : "other";
        first.set(k, [...(first.get(k) ?? []), days]);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(first.get("slow")!)).toBeGreaterThan(5);
    expect(median(first.get("other")!)).toBeLessThanOrEqual(3);
    expect(open).toBeGreaterThan(10);
  });

  it("the README documents the new files and every planted row", () => {
    const readme = plan.streams.find((s) => s.kind === "readme")!;
    const content = Array.from(readme.chunks()).join("");
    expect(content).toContain("izin/izin_2024.xlsx");
    expect(content).toContain("pengaduan/lapor_<yyyy>.csv");
    for (const p of plan.planted.filter((x) => /^(izin|pengaduan)\//.test(x.file))) expect(content).toContain(`| \`${p.file}\` | ${p.row} | ${p.row + 1} |`);
  });
});
