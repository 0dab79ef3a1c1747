// Report packs (HTML and XLSX) from demo exports loaded into a warehouse: the XLSX read back with
// exceljs equals the marts (values, types, formats, dates on the right day), totals match a second
// computation, counts of 1-4 people are withheld, the HTML carries the print machinery, and no NIP,
// name or free text of the exports reaches any output file. The PDF is tested in the browser suite.
import fs from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../loaders/cli.ts";
import { REFERENCE_DIR, tempDir } from "../test/helpers.ts";
import { parsePeriode } from "./data.ts";
import { buatLaporan, parseFormats, type HasilLaporan } from "./run.ts";
import { demoGudang, temukan, type DemoGudang } from "./testing.ts";
import { nilaiSel } from "./xlsx.ts";
import { daftarSitus, halamanSitus } from "./situs.ts";
import { arsipSitus } from "./arsip.ts";
import JSZip from "jszip";

let g: DemoGudang;
let out: string;
let cleanOut: () => void;
let hasil: HasilLaporan;
let tahunan: HasilLaporan;
const TANGGAL = "2026-01-15";
const lines: string[] = [];

beforeAll(async () => {
  g = await demoGudang();
  ({ dir: out, cleanup: cleanOut } = tempDir("kinerja-report-out-"));
  const narasi = path.join(g.dir, "data", "narasi", "DINKES");
  fs.mkdirSync(narasi, { recursive: true });
  fs.writeFileSync(
    path.join(narasi, "2025-Q3.md"),
    "Ringkasan triwulan ini.\n\n## Faktor pendorong\nPosyandu aktif di semua kelurahan.\n\n## Faktor penghambat\nStok vaksin terlambat.\n\n## Tindak lanjut\nPengadaan dipercepat.\n",
  );
  const base = { formats: parseFormats("xlsx,html"), out, final: false, tanggal: TANGGAL, root: g.dir, log: (l: string) => void lines.push(l) };
  hasil = await buatLaporan(g.wh, { ...base, periode: "2025-Q3" });
  tahunan = await buatLaporan(g.wh, { ...base, periode: "2025", opd: "DINKES" });
}, 240_000);
afterAll(() => {
  g?.cleanup();
  cleanOut?.();
});

async function workbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Rows of a sheet as objects keyed by the header row, with the cells themselves. */
function sheetRows(ws: ExcelJS.Worksheet): { values: Record<string, unknown>; cells: Record<string, ExcelJS.Cell> }[] {
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: { values: Record<string, unknown>; cells: Record<string, ExcelJS.Cell> }[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values: Record<string, unknown> = {};
    const cells: Record<string, ExcelJS.Cell> = {};
    header.forEach((h, i) => {
      const c = row.getCell(i + 1);
      values[h] = c.value;
      cells[h] = c;
    });
    out.push({ values, cells });
  });
  return out;
}

const file = (name: string) => path.join(out, name.startsWith("lkjip") ? "2025" : "2025-Q3", name);
const ref = (name: string) => csvParse(fs.readFileSync(path.join(REFERENCE_DIR, name), "utf8"));

describe("kinerja report arguments", () => {
  it("rejects an unknown period or format in Indonesian", () => {
    expect(() => parsePeriode("2025-Q5")).toThrow(/--periode "2025-Q5" tidak dikenal/);
    expect(() => parsePeriode("Q3-2025")).toThrow(/2025-Q3/);
    expect(() => parseFormats("pdf,docx")).toThrow(/--format "pdf,docx" tidak dikenal/);
    expect(parsePeriode("2025-Q2")).toMatchObject({ jenis: "triwulan", tahun: 2025, triwulan: 2, periodeIkm: "2025-S1" });
    expect(parsePeriode("2025")).toMatchObject({ jenis: "tahun", periodeIkm: "2025" });
  });
});

describe("packs written", () => {
  it("one city pack and one pack per OPD, each as HTML and XLSX", () => {
    const opd = ref("opd.csv").length;
    expect(hasil.paket).toBe(1 + opd);
    expect(hasil.berkas).toHaveLength(2 * (1 + opd));
    for (const f of hasil.berkas) expect(fs.statSync(f).size).toBeGreaterThan(1000);
    expect(fs.existsSync(file("kota-2025-Q3.xlsx"))).toBe(true);
    expect(fs.existsSync(file("opd-DINKES-2025-Q3.html"))).toBe(true);
    expect(tahunan.berkas.map((f) => path.basename(f))).toEqual(["lkjip-DINKES-2025.html", "lkjip-DINKES-2025.xlsx"]);
    expect(fs.readdirSync(path.dirname(file("kota-2025-Q3.xlsx"))).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("XLSX read back against the marts", () => {
  it("OPD IKU sheet: every indicator's targets, realisation and capaian as typed numbers with invariant formats", async () => {
    const wb = await workbook(file("opd-DINKES-2025-Q3.xlsx"));
    const ws = wb.getWorksheet("IKU")!;
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const rows = sheetRows(ws);
    const mart = await g.wh.query<{ nama_indikator: string; target_tahunan: number | null; target: number | null; realisasi: number | null; capaian: number | null; status: string }>(
      `SELECT nama_indikator, target_tahunan, target, realisasi, capaian, status FROM mart.indikator_capaian
       WHERE periode = '2025-Q3' AND kode_opd = 'DINKES' ORDER BY kode_indikator`,
    );
    expect(mart.length).toBe(ref("indikator.csv").filter((i) => i.kode_opd === "DINKES").length);
    expect(rows.map((r) => r.values.Indikator)).toEqual(mart.map((m) => m.nama_indikator));
    let numbers = 0;
    rows.forEach((r, i) => {
      const m = mart[i];
      expect(r.values["Target tahunan"]).toBe(m.target_tahunan);
      expect(r.values["Target triwulan kumulatif"]).toBe(m.target);
      expect(r.values["Realisasi s.d. triwulan"] ?? null).toBe(m.realisasi);
      expect(r.values.Status).toBe(m.status);
      if (m.capaian == null) expect(r.values.Capaian ?? null).toBeNull();
      else {
        numbers++;
        expect(typeof r.values.Capaian).toBe("number");
        expect((r.values.Capaian as number) * 100).toBeCloseTo(m.capaian, 9);
        expect(r.cells.Capaian.numFmt).toBe("0.00%");
        expect(r.cells["Target tahunan"].numFmt).toBe("#,##0.00");
      }
    });
    expect(numbers).toBeGreaterThan(0);
  });

  it("city scorecard equals mart.opd_ringkasan; the Kota row equals the mean capped capaian recomputed here", async () => {
    const wb = await workbook(file("kota-2025-Q3.xlsx"));
    const rows = sheetRows(wb.getWorksheet("Kartu Skor")!);
    const mart = await g.wh.query<{ singkatan: string; rata_capaian: number | null; indikator_tercapai: number; ikm: number | null }>(
      `SELECT o.singkatan, r.rata_capaian, r.indikator_tercapai, r.ikm FROM mart.opd_ringkasan r JOIN ref.opd o USING (kode_opd)
       WHERE r.periode = '2025-Q3' ORDER BY r.kode_opd`,
    );
    expect(rows).toHaveLength(mart.length + 1);
    mart.forEach((m, i) => {
      const r = rows[i].values;
      expect(r.OPD).toBe(m.singkatan);
      expect(r.Tercapai).toBe(m.indikator_tercapai);
      expect(r.IKM ?? null).toBe(m.ikm);
      if (m.rata_capaian == null) expect(r["Rata-rata capaian"] ?? null).toBeNull();
      else expect((r["Rata-rata capaian"] as number) * 100).toBeCloseTo(m.rata_capaian, 9);
    });
    // second computation: the mean of capaian capped at 120 over every reported indicator of the city
    const caps = await g.wh.query<{ capaian: number | null; status: string }>(`SELECT capaian, status FROM mart.indikator_capaian WHERE periode = '2025-Q3'`);
    const reported = caps.filter((c) => c.capaian != null).map((c) => Math.min(120, c.capaian!));
    const mean = Math.round((reported.reduce((a, b) => a + b, 0) / reported.length) * 100) / 100;
    const total = rows[rows.length - 1];
    expect(total.values.OPD).toBe("Kota Pariaman");
    expect((total.values["Rata-rata capaian"] as number) * 100).toBeCloseTo(mean, 9);
    expect(total.values.IKU).toBe(caps.length);
    expect(total.values.Tercapai).toBe(caps.filter((c) => c.status === "tercapai").length);
    expect(typeof total.cells.IKU.value).toBe("number"); // a value, not a formula
    expect(total.cells.IKU.formula).toBeUndefined();
    // the city trend ends at this quarter with the same mean, over up to 8 quarters in order
    const tren = sheetRows(wb.getWorksheet("Tren Kota")!);
    expect(tren.length).toBe(8);
    expect(tren[7].values.Periode).toBe("Triwulan III 2025");
    expect(tren[0].values.Periode).toBe("Triwulan IV 2023");
    expect((tren[7].values["Rata-rata capaian"] as number) * 100).toBeCloseTo(mean, 9);
  });

  it("dates land on their calendar day: period end 30/09/2025 and each load's WIB date", async () => {
    const wb = await workbook(file("kota-2025-Q3.xlsx"));
    const rows = sheetRows(wb.getWorksheet("Metadata")!);
    const akhir = rows.find((r) => r.values.Butir === "Akhir periode")!;
    const d = akhir.values.Tanggal as Date;
    expect(d).toBeInstanceOf(Date);
    expect([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours()]).toEqual([2025, 9, 30, 0]);
    expect(akhir.cells.Tanggal.numFmt).toBe("dd/mm/yyyy");
    const loads = await g.wh.query<{ load_id: number; finished: Date; rows_ok: number }>(`SELECT load_id, finished, rows_ok FROM meta.loads WHERE status = 'loaded'`);
    expect(loads.length).toBeGreaterThan(10);
    const wib = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta", year: "numeric", month: "2-digit", day: "2-digit" });
    for (const l of loads) {
      const r = rows.find((x) => x.values.Butir === `Muatan #${l.load_id}`)!;
      expect((r.values.Tanggal as Date).toISOString().slice(0, 10)).toBe(wib.format(l.finished));
      expect(r.values["Jumlah baris"]).toBe(l.rows_ok);
    }
  });

  it("no cell uses a locale-specific number format", async () => {
    for (const f of hasil.berkas.filter((x) => x.endsWith(".xlsx")).slice(0, 5)) {
      const wb = await workbook(f);
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((c) => {
            if (c.numFmt) expect(["#,##0.00", "0.00%", "#,##0", "dd/mm/yyyy"]).toContain(c.numFmt);
          }),
        ),
      );
    }
  });

  it("predikat counts of 1-4 people are withheld, with a second cell when only one would be", async () => {
    const wb = await workbook(file("kota-2025-Q3.xlsx"));
    const rows = sheetRows(wb.getWorksheet("Predikat SKP")!);
    const mart = await g.wh.query<Record<string, number> & { singkatan: string }>(
      `SELECT o.singkatan, s.sangat_baik, s.baik, s.butuh_perbaikan, s.kurang, s.sangat_kurang FROM mart.skp_predikat s JOIN ref.opd o USING (kode_opd)
       WHERE s.periode = '2025-Q3' ORDER BY s.kode_opd`,
    );
    expect(mart.length).toBeGreaterThan(5);
    const cols: [string, string][] = [["Sangat Baik", "sangat_baik"], ["Baik", "baik"], ["Butuh Perbaikan", "butuh_perbaikan"], ["Kurang", "kurang"], ["Sangat Kurang", "sangat_kurang"]];
    let withheld = 0;
    mart.forEach((m, i) => {
      const r = rows[i].values;
      expect(r.OPD).toBe(m.singkatan);
      let hidden = 0;
      for (const [label, key] of cols) {
        if (m[key] >= 1 && m[key] <= 4) expect(r[label]).toBe("< 5");
        if (r[label] === "< 5") hidden++;
        else expect(r[label]).toBe(m[key]);
      }
      // a single withheld cell is recoverable from the total unless the total is withheld too
      if (hidden === 1) expect(r.Pegawai).toBe("< 5");
      withheld += hidden;
    });
    expect(withheld).toBeGreaterThan(0);
  });

  it("a scorecard share standing for 1-4 people is withheld", async () => {
    const wb = await workbook(file("kota-2025-Q3.xlsx"));
    const rows = sheetRows(wb.getWorksheet("Kartu Skor")!);
    const m = await g.wh.query<{ singkatan: string; sangat_baik: number; persen: number | null }>(
      `SELECT o.singkatan, s.sangat_baik, r.persen_sangat_baik AS persen FROM mart.opd_ringkasan r JOIN ref.opd o USING (kode_opd)
       JOIN mart.skp_predikat s ON s.kode_opd = r.kode_opd AND s.periode = r.periode WHERE r.periode = '2025-Q3'`,
    );
    const small = m.filter((x) => x.sangat_baik >= 1 && x.sangat_baik <= 4);
    expect(small.length).toBeGreaterThan(0);
    for (const x of m) {
      const r = rows.find((y) => y.values.OPD === x.singkatan)!.values;
      if (small.includes(x)) expect(r["Sangat Baik"]).toBe("< 5");
      else if (x.persen == null) expect(r["Sangat Baik"] ?? null).toBeNull();
      else expect((r["Sangat Baik"] as number) * 100).toBeCloseTo(x.persen, 9);
    }
  });

  it("LKjIP tables: five years from the mart, capaian against the Renstra end target recomputed by hand, SPM row", async () => {
    const wb = await workbook(file("lkjip-DINKES-2025.xlsx"));
    const lima = sheetRows(wb.getWorksheet("3.2 Lima Tahun")!);
    const header = (wb.getWorksheet("3.2 Lima Tahun")!.getRow(1).values as unknown[]).slice(1);
    for (const y of [2021, 2022, 2023, 2024, 2025]) expect(header).toContain(`Realisasi ${y}`);
    const m = await g.wh.query<{ nama_indikator: string; periode: string; realisasi: number | null; capaian: number | null; polaritas: string }>(
      `SELECT nama_indikator, periode, realisasi, capaian, polaritas FROM mart.indikator_capaian WHERE kode_opd = 'DINKES' AND periode IN ('2021','2022','2023','2024','2025')`,
    );
    for (const x of m) {
      const r = lima.find((l) => l.values.Indikator === x.nama_indikator)!.values;
      expect(r[`Realisasi ${x.periode}`] ?? null).toBe(x.realisasi);
    }
    const renstra = new Map(ref("target_renstra.csv").map((t) => [t.kode_indikator, Number(t.target)]));
    const ind = new Map(ref("indikator.csv").map((i) => [i.nama_indikator, i]));
    const rows = sheetRows(wb.getWorksheet("3.3 Target Renstra")!);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const i = ind.get(String(r.values.Indikator))!;
      const T = renstra.get(i.kode_indikator)!;
      const R = r.values["Realisasi 2025"] as number | null;
      expect(r.values["Target akhir Renstra"]).toBe(T);
      if (R == null || i.polaritas === "rentang") continue;
      const c = i.polaritas === "naik" ? (R / T) * 100 : ((2 * T - R) / T) * 100;
      expect((r.values["Capaian thd. Renstra"] as number) * 100).toBeCloseTo(c, 1);
    }
    const spm = sheetRows(wb.getWorksheet("3.4 Standar Nasional")!);
    expect(spm.map((r) => r.values["Nilai standar"])).toEqual([100]);
  });

  it("signals come from the planners' marts: mart.perlu_perhatian in the city pack, mart.indikator_sinyal per OPD", async () => {
    const pp = await g.wh.query<{ alasan: string }>(`SELECT alasan FROM mart.perlu_perhatian WHERE periode IN ('2025-Q3', '2025-S2') ORDER BY alasan`);
    expect(pp.length).toBeGreaterThan(0);
    const wb = await workbook(file("kota-2025-Q3.xlsx"));
    const rows = sheetRows(wb.getWorksheet("Perlu Perhatian")!);
    expect(rows.map((r) => String(r.values.Alasan).replace(/^'/, "")).sort()).toEqual(pp.map((p) => p.alasan).sort());
    const sig = await g.wh.query<{ kode_opd: string; n: number }>(
      `SELECT kode_opd, count(*) AS n FROM mart.indikator_sinyal WHERE periode = '2025-Q3' AND sinyal GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1`,
    );
    expect(sig.length).toBe(1);
    const opd = await workbook(file(`opd-${sig[0].kode_opd}-2025-Q3.xlsx`));
    expect(sheetRows(opd.getWorksheet("Sinyal Indikator")!)).toHaveLength(sig[0].n);
  });

  it("text cells that a spreadsheet would run are neutralised", () => {
    expect(nilaiSel("=HYPERLINK(\"x\")", "teks")).toBe("'=HYPERLINK(\"x\")");
    expect(nilaiSel("-5", "teks")).toBe("'-5");
    expect(nilaiSel(85.5, "persen")).toBeCloseTo(0.855, 12);
    expect(nilaiSel("2025-09-30", "tanggal")).toEqual(new Date(Date.UTC(2025, 8, 30)));
  });
});

describe("HTML for print", () => {
  it("A4 with page counters, repeated headers, unsplit rows, a landscape page, embedded regular and bold faces, DRAF", () => {
    const html = fs.readFileSync(file("opd-DINKES-2025-Q3.html"), "utf8");
    expect(html).toMatch(/@page\{size:A4 portrait/);
    expect(html).toContain('"Halaman " counter(page) " dari " counter(pages)');
    expect(html).toContain("thead{display:table-header-group;}");
    expect(html).toMatch(/tr,td,th\{break-inside:avoid/);
    expect(html).toContain("@page lebar{size:A4 landscape");
    expect(html).toContain('<section class="lebar');
    expect(html.match(/@font-face\{font-family:"Noto Sans";font-style:normal;font-weight:(400|700);[^}]*base64,/g)).toHaveLength(2);
    expect(html).toContain('<div class="draf" aria-hidden="true">DRAF</div>');
    expect(html).not.toMatch(/src:url\((?!data:)/);
    expect(html).not.toMatch(/NaN|undefined/);
  });

  it("the signature block names place, date and position from penandatangan.csv and never a NIP", () => {
    const html = fs.readFileSync(file("kota-2025-Q3.html"), "utf8");
    const kota = ref("penandatangan.csv").find((r) => r.kode_opd === "KOTA")!;
    expect(html).toContain(`${kota.tempat}, 15 Januari 2026`);
    expect(html).toContain(kota.jabatan);
    const ttd = html.slice(html.indexOf('<div class="ttd">'));
    expect(ttd).toContain(kota.nama);
    expect(ttd).not.toMatch(/\bNIP\b|\d{18}/);
  });

  it("carries the OPD's commentary from data/narasi under its LKjIP headings", () => {
    const html = fs.readFileSync(file("opd-DINKES-2025-Q3.html"), "utf8");
    const at = (t: string) => html.indexOf(t);
    expect(at("<h3>Faktor pendorong</h3><p>Posyandu aktif di semua kelurahan.</p>")).toBeGreaterThan(0);
    expect(at("<h3>Faktor penghambat</h3><p>Stok vaksin terlambat.</p>")).toBeGreaterThan(at("Faktor pendorong"));
    expect(at("<h3>Tindak lanjut</h3><p>Pengadaan dipercepat.</p>")).toBeGreaterThan(at("Faktor penghambat"));
    expect(fs.readFileSync(file("opd-DISHUB-2025-Q3.html"), "utf8")).toContain("Catatan OPD untuk periode ini belum ditulis (berkas data/narasi/DISHUB/2025-Q3.md)");
  });

  it("LKjIP tables print n/a where a year has no realisation", async () => {
    const kosong = await g.wh.query<{ n: number }>(
      `SELECT count(*) AS n FROM mart.indikator_capaian WHERE kode_opd = 'DINKES' AND periode IN ('2021','2022','2023','2024','2025') AND realisasi IS NULL`,
    );
    const html = fs.readFileSync(file("lkjip-DINKES-2025.html"), "utf8");
    const tabel = html.slice(html.indexOf("Tabel 3.2"), html.indexOf("Tabel 3.3"));
    expect((tabel.match(/<td class="n">n\/a<\/td>/g) ?? []).length).toBe(2 * kosong[0].n);
  });

  it("a final pack has no DRAF mark", async () => {
    const { dir, cleanup } = tempDir("kinerja-report-final-");
    try {
      const r = await buatLaporan(g.wh, { periode: "2025-Q3", opd: "DPMPTSP", formats: ["html"], out: dir, final: true, tanggal: TANGGAL, root: g.dir, log: () => {} });
      const html = fs.readFileSync(r.berkas[0], "utf8");
      expect(html).not.toContain('class="draf"');
      expect(html).not.toContain("DRAF");
    } finally {
      cleanup();
    }
  });

  it("without Chromium: a clear Indonesian message, and HTML and XLSX still written", async () => {
    const { dir, cleanup } = tempDir("kinerja-report-nochrome-");
    const log: string[] = [];
    try {
      const r = await buatLaporan(g.wh, { periode: "2025-Q3", opd: "DINKES", formats: ["pdf", "xlsx", "html"], out: dir, final: false, tanggal: TANGGAL, root: g.dir, log: (l) => void log.push(l), chromium: path.join(dir, "tidak-ada-chromium") });
      expect(r.pdfDilewati).toMatch(/Chromium tidak ditemukan .*PDF tidak dibuat.*XLSX dan HTML tetap dibuat/);
      expect(log.join("\n")).toContain("Chromium tidak ditemukan");
      expect(r.berkas.map((f) => path.extname(f)).sort()).toEqual([".html", ".xlsx"]);
    } finally {
      cleanup();
    }
  });
});

describe("privacy", () => {
  it("no NIP, name or saran of the exports appears in any HTML or XLSX pack", async () => {
    expect(g.pribadi.length).toBeGreaterThan(40);
    expect(g.pribadi.some((p) => /^\d{18}$/.test(p))).toBe(true);
    const hits: string[] = [];
    for (const f of [...hasil.berkas, ...tahunan.berkas]) {
      let text: string;
      if (f.endsWith(".html")) text = fs.readFileSync(f, "utf8");
      else {
        const wb = await workbook(f);
        const parts: string[] = [];
        wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void parts.push(String(c.value)))));
        text = parts.join("\u001f");
      }
      for (const n of temukan(text, g.pribadi)) hits.push(`${path.basename(f)}: ${n}`);
    }
    expect(hits).toEqual([]);
  });
});

describe("site downloads", () => {
  it("the download page links exactly the archive's files: every period's city pack, the latest quarter's and year's OPD packs", async () => {
    const d = await daftarSitus(g.wh);
    const zip = await JSZip.loadAsync(await arsipSitus(g.wh, g.dir));
    const inZip = Object.keys(zip.files).sort();
    const page = halamanSitus(d);
    const links = [...page.matchAll(/<a download href="\.\/laporan\/([^"]+)">/g)].map((m) => m[1]).sort();
    expect(links).toEqual(inZip);
    const periods = (await g.wh.query<{ p: string }>(`SELECT DISTINCT periode AS p FROM mart.indikator_capaian`)).map((r) => r.p);
    const opd = ref("opd.csv").length;
    expect(inZip).toHaveLength(2 * (periods.length + 2 * opd));
    for (const p of periods) expect(inZip).toContain(`kota-${p}.xlsx`);
    expect(inZip).toContain("opd-DINKES-2025-Q4.htm");
    expect(inZip).toContain("lkjip-DINKES-2025.xlsx");
    expect(page).toContain("Data contoh sintetis");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await zip.file("kota-2025-Q4.xlsx")!.async("nodebuffer")) as never);
    expect(wb.getWorksheet("Kartu Skor")!.rowCount).toBe(opd + 2);
  });
});

describe("the kinerja report command", () => {
  it("writes the packs of one OPD from a warehouse file, and refuses bad arguments in Indonesian with exit code 1", async () => {
    const { dir, cleanup } = tempDir("kinerja-report-cli-");
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((l) => void out.push(String(l)));
    const err = vi.spyOn(console, "error").mockImplementation((l) => void out.push(String(l)));
    try {
      const db = path.join(dir, "w.duckdb");
      await g.wh.exec(`ATTACH '${db}' AS salinan; COPY FROM DATABASE memory TO salinan; DETACH salinan`);
      const args = ["report", "--db", db, "--out", path.join(dir, "out"), "--format", "xlsx,html", "--opd", "DINKES", "--tanggal", "2026-01-15"];
      expect(await main([...args, "--periode", "2025-Q3"])).toBe(0);
      expect(fs.readdirSync(path.join(dir, "out", "2025-Q3")).sort()).toEqual(["opd-DINKES-2025-Q3.html", "opd-DINKES-2025-Q3.xlsx"]);
      expect(out.join("\n")).toContain("1 paket DRAF 2025-Q3: 2 berkas");
      out.length = 0;
      expect(await main([...args, "--periode", "2025-Q7"])).toBe(1);
      expect(out.join("\n")).toMatch(/^kinerja: --periode "2025-Q7" tidak dikenal/m);
      expect(await main([...args.slice(0, -2), "--tanggal", "2026-02-30", "--periode", "2025-Q3"])).toBe(1);
      expect(out.join("\n")).toContain('--tanggal "2026-02-30" bukan tanggal yyyy-mm-dd');
      expect(await main([...args.map((a) => (a === "DINKES" ? "DINKES-X" : a)), "--periode", "2025-Q3"])).toBe(1);
      expect(out.join("\n")).toContain("--opd DINKES-X tidak ada di data/reference/opd.csv");
      expect(await main([...args, "--periode", "2019-Q1"])).toBe(1);
      expect(out.join("\n")).toContain("periode 2019-Q1 belum ada di mart.indikator_capaian");
    } finally {
      log.mockRestore();
      err.mockRestore();
      cleanup();
    }
  });
});
