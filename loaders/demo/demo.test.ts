import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvParseRows, dsvFormat } from "d3-dsv";
import {
  DEFAULT_REFERENCE_DIR, DEFAULT_SEED, generateDemo, loadReference, planDemo, runDemo, writeDemo, type DemoFile,
} from "./index.ts";
import { SKM_HEADER, SKM_HEADER_2021, VOLUME_HEADER } from "./skm.ts";
import { IKU_HEADER } from "./iku.ts";
import { predikat, SKP_HEADER, type Ekspektasi } from "./skp.ts";

const reference = loadReference(DEFAULT_REFERENCE_DIR);
const semicolon = dsvFormat(";");
let files: DemoFile[];
let byPath: Map<string, string>;
const tmpDirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), "kinerja-demo-"));
  tmpDirs.push(d);
  return d;
};

beforeAll(async () => {
  files = await generateDemo({ seed: DEFAULT_SEED, scale: 1, reference });
  byPath = new Map(files.filter((f) => typeof f.content === "string").map((f) => [f.path, f.content as string]));
});
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

const of = (prefix: string) =>
  files.filter((f) => f.path.startsWith(prefix) && f.path.endsWith(".csv")) as { path: string; content: string }[];
const firstLine = (s: string) => s.slice(0, s.indexOf("\n"));
const skpRows = (content: string) => semicolon.parse(content.replace(/^\uFEFF/, ""));
const ikuRows = (content: string) => semicolon.parse(content);
const skmRows = (content: string) => csvParseRows(content).slice(1);

describe("demo generator: layout and formats", () => {
  it("writes the expected files", () => {
    const paths = files.map((f) => f.path).sort();
    expect(paths).toContain("README.md");
    expect(of("skp/").map((f) => f.path).sort()).toEqual(
      ["2021", "2022", "2023", "2024", "2025", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"].map((p) => `skp/skp_${p}.csv`).sort(),
    );
    expect(of("skm/")).toHaveLength(10);
    expect(of("iku/")).toHaveLength(5);
    expect(of("layanan/")).toHaveLength(5);
    expect(of("izin/")).toHaveLength(4);
    expect(paths).toContain("izin/izin_2024.xlsx");
    expect(of("pengaduan/")).toHaveLength(5);
    for (const p of paths) expect(p).toMatch(/^[a-z]+\/[\w-]+\.csv$|^izin\/izin_\d{4}\.xlsx$|^README\.md$/);
  });

  it("uses the exact headers, BOM only on SKP", () => {
    for (const f of of("skp/")) {
      expect(f.content.startsWith("\uFEFF")).toBe(true);
      expect(firstLine(f.content)).toBe("\uFEFF" + SKP_HEADER);
    }
    expect(SKP_HEADER).toBe("NIP;Nama;Jenis ASN;Unit Kerja;Jabatan;Periode;Hasil Kerja;Perilaku Kerja;Predikat");
    for (const f of of("skm/")) {
      expect(f.content.startsWith("\uFEFF")).toBe(false);
      expect(firstLine(f.content)).toBe(f.path.includes("2021") ? SKM_HEADER_2021 : SKM_HEADER);
    }
    expect(SKM_HEADER).toBe("Tanggal,Kode Unit,Jenis Layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9,Jenis Kelamin,Umur,Pendidikan,Pekerjaan,Saran");
    expect(SKM_HEADER_2021).toBe(
      "Tanggal,Kode Unit,Jenis Layanan,Persyaratan,Sistem Mekanisme dan Prosedur,Waktu Penyelesaian,Biaya/Tarif,Produk Spesifikasi Jenis Pelayanan,Kompetensi Pelaksana,Perilaku Pelaksana,Sarana dan Prasarana,Penanganan Pengaduan Saran dan Masukan,Jenis Kelamin,Umur,Pendidikan,Pekerjaan,Saran",
    );
    for (const f of of("iku/")) expect(firstLine(f.content)).toBe("Tahun;Triwulan;Kode OPD;Kode Indikator;Target;Realisasi");
    expect(IKU_HEADER).toBe("Tahun;Triwulan;Kode OPD;Kode Indikator;Target;Realisasi");
    for (const f of of("layanan/")) expect(firstLine(f.content)).toBe(VOLUME_HEADER);
    expect(VOLUME_HEADER).toBe("periode,kode_unit,jumlah_layanan");
  });

  it("SKP rows: 18-digit NIPs stable across periods, valid enums, predikat mostly per the matrix", () => {
    const nama = new Map<string, string>();
    let rows = 0, contradictions = 0, empty = 0;
    const bad: string[] = [];
    const nipShape = /^(19[6-9]\d|2000)(0[1-9]|1[0-2])(0[1-9]|[12]\d)\d{4}(0[1-9]|1[0-2]|21)[12]\d{3}$/;
    for (const f of of("skp/")) {
      const periode = f.path.slice("skp/skp_".length, -4);
      skpRows(f.content).forEach((r, i) => {
        rows++;
        const where = `${f.path}:${i + 1}`;
        if (r.Periode !== periode || !["PNS", "PPPK"].includes(r["Jenis ASN"]!)) bad.push(`${where} periode/jenis`);
        if (r.NIP!.length !== 18) return; // planted, checked below
        if (!nipShape.test(r.NIP!)) bad.push(`${where} nip`);
        if (nama.has(r.NIP!) && nama.get(r.NIP!) !== r.Nama) bad.push(`${where} nip reused`);
        nama.set(r.NIP!, r.Nama!);
        if (r.Predikat === "") empty++;
        else if (r.Predikat !== predikat(r["Hasil Kerja"] as Ekspektasi, r["Perilaku Kerja"] as Ekspektasi)) contradictions++;
      });
    }
    expect(bad).toEqual([]);
    expect(contradictions / rows).toBeGreaterThan(0.002);
    expect(contradictions / rows).toBeLessThan(0.01);
    expect(empty).toBeGreaterThan(0);
    // Turnover: people join and leave between years.
    const nips = (p: string) => new Set(skpRows(byPath.get(p)!).map((r) => r.NIP));
    const a = nips("skp/skp_2021.csv"), b = nips("skp/skp_2025.csv");
    const left = [...a].filter((n) => !b.has(n)).length, joined = [...b].filter((n) => !a.has(n)).length;
    expect(left).toBeGreaterThan(50);
    expect(joined).toBeGreaterThan(50);
    const rows2025 = skpRows(byPath.get("skp/skp_2025.csv")!);
    const pppk = rows2025.filter((r) => r["Jenis ASN"] === "PPPK").length / rows2025.length;
    expect(pppk).toBeGreaterThan(0.12);
    expect(pppk).toBeLessThan(0.3);
  });

  it("plants inflated ratings in one or two OPD, mostly Baik elsewhere", () => {
    const rows = skpRows(byPath.get("skp/skp_2024.csv")!);
    const share = new Map<string, { n: number; sb: number }>();
    for (const r of rows) {
      const s = share.get(r["Unit Kerja"]!) ?? { n: 0, sb: 0 };
      s.n++;
      if (r.Predikat === "Sangat Baik") s.sb++;
      share.set(r["Unit Kerja"]!, s);
    }
    const inflated = [...share].filter(([, s]) => s.n >= 20 && s.sb / s.n >= 0.8).map(([k]) => k);
    expect(inflated.length).toBeGreaterThanOrEqual(1);
    expect(inflated.length).toBeLessThanOrEqual(2);
    expect(rows.filter((r) => r.Predikat === "Baik").length / rows.length).toBeGreaterThan(0.7);
  });

  it("SKM rows: answers 1-4 or empty (~2%), dates in the semester, demographics in range", () => {
    // Checked with plain comparisons (one expect per row would take seconds).
    const bad: string[] = [];
    const okAnswer = new Set(["1", "2", "3", "4", "5"]); // 5 only in the planted rows, counted below
    const pendidikan = new Set(["SD", "SMP", "SMA", "D3", "S1", "S2"]);
    const pekerjaan = new Set(["PNS", "TNI/Polri", "Swasta", "Wirausaha", "Pelajar/Mahasiswa", "Lainnya"]);
    let answers = 0, missing = 0;
    for (const f of of("skm/")) {
      const [, y, s] = f.path.match(/skm_(\d{4})_s([12])\.csv$/)!;
      skmRows(f.content).forEach((r, i) => {
        const where = `${f.path}:${i + 1}`;
        if (r.length !== 17) bad.push(`${where} fields`);
        const [d, m, yy] = r[0].split("/").map(Number);
        if (!/^\d{2}\/\d{2}\/\d{4}$/.test(r[0]) || yy !== Number(y) || (s === "1" ? m > 6 : m < 7) || d < 1 || d > 31) bad.push(`${where} date`);
        for (const a of r.slice(3, 12)) {
          answers++;
          if (a === "") missing++;
          else if (!okAnswer.has(a)) bad.push(`${where} answer ${a}`);
        }
        const age = Number(r[13]);
        if (!["L", "P"].includes(r[12]) || !Number.isInteger(age) || age < 17 || age > 80) bad.push(`${where} sex/age`);
        if (!pendidikan.has(r[14]) || !pekerjaan.has(r[15])) bad.push(`${where} pendidikan/pekerjaan`);
      });
    }
    expect(bad).toEqual([]);
    expect(missing / answers).toBeGreaterThan(0.015);
    expect(missing / answers).toBeLessThan(0.025);
    // Saran with commas is quoted and parses back into one field.
    expect(of("skm/").some((f) => /,"[^"]*,[^"]*"\n/.test(f.content))).toBe(true);
  });

  it("respondents per unit and semester are log-spread and some fall below the Krejcie-Morgan minimum", () => {
    const counts: number[] = [];
    for (const f of of("skm/")) {
      const n = new Map<string, number>();
      for (const r of skmRows(f.content)) n.set(r[1], (n.get(r[1]) ?? 0) + 1);
      counts.push(...[...n.values()].filter((v) => v > 1));
    }
    expect(Math.min(...counts)).toBeLessThanOrEqual(12);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...counts)).toBeLessThanOrEqual(260);
  });

  it("IKU rows: 4 quarters + 1 annual per indicator, decimal comma, rentang targets lo-hi, ~1/3 targets empty", () => {
    const ind = new Map(reference.indikator.map((i) => [i.kode_indikator, i]));
    let rows = 0, emptyTarget = 0, emptyQ = 0, quarterly = 0;
    for (const f of of("iku/")) {
      const year = f.path.slice(8, 12);
      const rs = ikuRows(f.content);
      expect(rs).toHaveLength(reference.indikator.length * 5);
      for (const r of rs) {
        rows++;
        expect(r.Tahun).toBe(year);
        expect(["", "1", "2", "3", "4"]).toContain(r.Triwulan);
        if (r.Target === "") emptyTarget++;
        else if (ind.get(r["Kode Indikator"]!)?.polaritas === "rentang") expect(r.Target).toMatch(/^\d+(,\d+)?-\d+(,\d+)?$/);
        else if (ind.has(r["Kode Indikator"]!)) expect(r.Target).toMatch(/^\d+(,\d{1,2})?$/);
        if (r.Triwulan !== "") {
          quarterly++;
          if (r.Realisasi === "") emptyQ++;
        }
        if (r.Realisasi !== "" && r.Realisasi !== "N/A") expect(r.Realisasi).toMatch(/^\d+(,\d{1,2})?$/);
      }
    }
    expect(emptyTarget / rows).toBeGreaterThan(0.15);
    expect(emptyTarget / rows).toBeLessThan(0.5);
    expect(emptyQ / quarterly).toBeGreaterThan(0.01);
    expect(emptyQ / quarterly).toBeLessThan(0.06);
  });

  it("volumes are 100-20,000 per unit and semester", () => {
    for (const f of of("layanan/")) {
      const rows = csvParseRows(f.content).slice(1);
      expect(rows).toHaveLength(reference.unit.length * 2);
      for (const [periode, , n] of rows) {
        expect(periode).toMatch(/^\d{4}-S[12]$/);
        expect(Number(n)).toBeGreaterThanOrEqual(100);
        expect(Number(n)).toBeLessThanOrEqual(20000);
      }
    }
  });
});

describe("demo generator: references and planted bad rows", () => {
  const opdNames = new Set(reference.opd.map((o) => o.nama_opd));
  const opdCodes = new Set(reference.opd.map((o) => o.kode_opd));
  const unitCodes = new Set(reference.unit.map((u) => u.kode_unit));
  const indCodes = new Set(reference.indikator.map((i) => i.kode_indikator));

  it("uses only known codes, except exactly the planted rows", () => {
    const unknownUnit: string[] = [], fives: string[] = [], badNip: string[] = [], unknownOpd: string[] = [];
    const unknownInd: string[] = [], notNumeric: string[] = [];
    for (const f of of("skm/")) {
      skmRows(f.content).forEach((r, i) => {
        if (!unitCodes.has(r[1])) unknownUnit.push(`${f.path}:${i + 1}`);
        r.slice(3, 12).forEach((a) => a === "5" && fives.push(`${f.path}:${i + 1}`));
      });
    }
    for (const f of of("skp/")) {
      skpRows(f.content).forEach((r, i) => {
        if (!/^\d{18}$/.test(r.NIP!)) badNip.push(`${f.path}:${i + 1}`);
        if (!opdNames.has(r["Unit Kerja"]!)) unknownOpd.push(`${f.path}:${i + 1}`);
      });
    }
    for (const f of of("iku/")) {
      ikuRows(f.content).forEach((r, i) => {
        expect(opdCodes.has(r["Kode OPD"]!)).toBe(true);
        if (!indCodes.has(r["Kode Indikator"]!)) unknownInd.push(`${f.path}:${i + 1}`);
        if (r.Realisasi !== "" && !/^\d+(,\d+)?$/.test(r.Realisasi!)) notNumeric.push(`${f.path}:${i + 1}`);
      });
    }
    for (const f of of("layanan/")) for (const r of csvParseRows(f.content).slice(1)) expect(unitCodes.has(r[1])).toBe(true);

    const { planted } = planDemo({ seed: DEFAULT_SEED, scale: 1, reference });
    const at = (column: string) => planted.filter((p) => p.column === column || column === "U" && /^U\d$/.test(p.column)).map((p) => `${p.file}:${p.row}`).sort();
    expect(fives).toHaveLength(3);
    expect(fives.sort()).toEqual(at("U"));
    expect(unknownUnit).toEqual(at("Kode Unit"));
    expect(unknownUnit).toHaveLength(1);
    expect(badNip).toHaveLength(2);
    expect(badNip.sort()).toEqual(at("NIP"));
    expect(unknownOpd).toEqual(at("Unit Kerja"));
    expect(unknownOpd).toHaveLength(1);
    expect(unknownInd).toEqual(at("Kode Indikator"));
    expect(unknownInd).toHaveLength(1);
    expect(notNumeric).toEqual(at("Realisasi"));
    expect(notNumeric).toHaveLength(1);
    const totalRows = files.reduce((n, f) => n + (typeof f.content === "string" && f.path.endsWith(".csv") ? f.content.split("\n").length - 2 : 0), 0);
    expect(planted.length / totalRows).toBeLessThan(0.001);
    // The README lists every planted row.
    const readme = byPath.get("README.md")!;
    for (const p of planted) expect(readme).toContain(`| \`${p.file}\` | ${p.row} | ${p.row + 1} |`);
  });
});

describe("demo generator: determinism, scale, writing", () => {
  it("same seed and scale give identical output (XLSX byte for byte too); another seed differs", async () => {
    const again = await generateDemo({ seed: DEFAULT_SEED, scale: 1, reference });
    expect(again).toEqual(files);
    const other = await generateDemo({ seed: 7, scale: 1, reference });
    expect(other.map((f) => f.path)).toEqual(files.map((f) => f.path));
    const same = (a: string | Uint8Array, b: string | Uint8Array | undefined) =>
      typeof a === "string" ? a === b : b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
    const original = new Map(files.map((f) => [f.path, f.content]));
    const changed = other.filter((f) => !same(f.content, original.get(f.path))).map((f) => f.path);
    expect(changed.filter((p) => p.startsWith("skm/"))).toHaveLength(10);
    expect(changed.filter((p) => p.startsWith("skp/"))).toHaveLength(9);
    expect(changed.filter((p) => p.startsWith("iku/"))).toHaveLength(5);
    expect(changed.filter((p) => p.startsWith("izin/"))).toHaveLength(5);
    expect(changed.filter((p) => p.startsWith("pengaduan/"))).toHaveLength(5);
  });

  it("scale multiplies employees and respondents", () => {
    const plan1 = planDemo({ seed: DEFAULT_SEED, scale: 1, reference });
    const plan2 = planDemo({ seed: DEFAULT_SEED, scale: 2, reference });
    const rows = (p: typeof plan1, kind: string) => p.streams.filter((s) => s.kind === kind).reduce((n, s) => n + s.rows, 0);
    expect(rows(plan2, "skp") / rows(plan1, "skp")).toBeCloseTo(2, 1);
    expect(rows(plan2, "skm") / rows(plan1, "skm")).toBeCloseTo(2, 1);
    expect(rows(plan2, "iku")).toBe(rows(plan1, "iku"));
    // The planned row counts are the real ones.
    for (const s of plan1.streams.filter((x) => x.kind !== "readme" && !x.bytes)) {
      expect(byPath.get(s.path)!.split("\n").length - 2).toBe(s.rows);
    }
    expect(() => planDemo({ seed: 1, scale: 0, reference })).toThrow(/scale/);
  });

  it("writeDemo writes files atomically and removes stale generated files only", () => {
    const out = tmp();
    mkdirSync(path.join(out, "skm"), { recursive: true });
    writeFileSync(path.join(out, "skm", "skm_2019_s1.csv"), "stale");
    writeFileSync(path.join(out, "skm", "notes.txt"), "keep me");
    writeDemo(out, files);
    expect(existsSync(path.join(out, "skm", "skm_2019_s1.csv"))).toBe(false);
    expect(readFileSync(path.join(out, "skm", "notes.txt"), "utf8")).toBe("keep me");
    for (const f of files) {
      if (typeof f.content === "string") expect(readFileSync(path.join(out, f.path), "utf8")).toBe(f.content);
      else expect(readFileSync(path.join(out, f.path)).equals(Buffer.from(f.content))).toBe(true);
    }
    const skp = readFileSync(path.join(out, "skp", "skp_2024.csv"));
    expect([...skp.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(readdirSync(path.join(out, "skp")).some((n) => n.includes(".tmp"))).toBe(false);
  });

  it("runDemo (streaming) writes the same bytes as generateDemo, silently through the injected log", async () => {
    const out = tmp();
    const messages: string[] = [];
    const result = await runDemo({ out, seed: DEFAULT_SEED, scale: 1 }, { log: (m) => messages.push(m) });
    expect(result.files).toBe(files.length);
    expect(messages.length).toBeGreaterThan(0);
    for (const f of files) {
      if (typeof f.content === "string") expect(readFileSync(path.join(out, f.path), "utf8")).toBe(f.content);
      else expect(readFileSync(path.join(out, f.path)).equals(Buffer.from(f.content))).toBe(true);
    }
  });
});
