// Report packs printed to PDF by Debian Chromium (playwright-core, page.pdf), read back with
// pdfjs-dist: page count in range, every page A4 (portrait or the landscape named page), every
// page's footer "Halaman i dari N", table headers repeated on the pages a table continues on, the
// scorecard values in the text, no NaN/undefined, no personal data; `pdffonts` shows every font
// embedded and none Type 3; the first pages go to artifacts/reports/ as PNG (pdftoppm).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buatLaporan, type HasilLaporan } from "../../reports/run.ts";
import { demoGudang, temukan, type DemoGudang } from "../../reports/testing.ts";
import { ROOT, tempDir } from "../helpers.ts";

const ARTIFACTS = path.join(ROOT, "artifacts", "reports");
const A4 = [595.28, 841.89];

let g: DemoGudang;
let out: string;
let cleanOut: () => void;
let triwulan: HasilLaporan;
let tahunan: HasilLaporan;

interface Halaman {
  width: number;
  height: number;
  text: string;
}

async function readPdf(file: string): Promise<Halaman[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: Halaman[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [x0, y0, x1, y1] = page.view;
      const content = await page.getTextContent();
      const text = content.items.map((it) => ("str" in it ? it.str : "")).join(" ").replace(/\s+/g, " ");
      pages.push({ width: x1 - x0, height: y1 - y0, text });
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

const pdf = (name: string) => path.join(out, name.startsWith("lkjip") ? "2025" : "2025-Q3", `${name}.pdf`);
const pct = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 });

beforeAll(async () => {
  g = await demoGudang();
  ({ dir: out, cleanup: cleanOut } = tempDir("kinerja-report-pdf-"));
  const base = { formats: ["pdf" as const], out, final: false, tanggal: "2026-01-15", root: g.dir, log: () => {} };
  triwulan = await buatLaporan(g.wh, { ...base, periode: "2025-Q3", opd: "DINKES" });
  const kota = await buatLaporan(g.wh, { ...base, periode: "2025-Q3", hanyaKota: true });
  triwulan.berkas.push(...kota.berkas);
  tahunan = await buatLaporan(g.wh, { ...base, periode: "2025", opd: "DINKES" });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 400_000);
afterAll(() => {
  g?.cleanup();
  cleanOut?.();
});

describe("PDF packs", () => {
  it("were printed (Chromium present): the city pack, the DINKES quarterly pack and its LKjIP", () => {
    expect(triwulan.pdfDilewati).toBeNull();
    expect([...triwulan.berkas, ...tahunan.berkas].map((f) => path.basename(f)).sort()).toEqual(
      ["kota-2025-Q3.pdf", "lkjip-DINKES-2025.pdf", "opd-DINKES-2025-Q3.pdf"],
    );
  });

  for (const [name, lo, hi] of [["kota-2025-Q3", 5, 25], ["opd-DINKES-2025-Q3", 3, 12], ["lkjip-DINKES-2025", 3, 12]] as const) {
    it(`${name}: ${lo}-${hi} A4 pages, each with its footer "Halaman i dari N", no NaN or undefined`, async () => {
      const pages = await readPdf(pdf(name));
      expect(pages.length).toBeGreaterThanOrEqual(lo);
      expect(pages.length).toBeLessThanOrEqual(hi);
      pages.forEach((p, i) => {
        const dims = [Math.min(p.width, p.height), Math.max(p.width, p.height)];
        expect(dims[0]).toBeCloseTo(A4[0], 0);
        expect(dims[1]).toBeCloseTo(A4[1], 0);
        expect(p.text).toContain(`Halaman ${i + 1} dari ${pages.length}`);
        expect(p.text).toContain("Kinerja Pariaman ·");
        expect(p.text).not.toMatch(/NaN|undefined|\[object/);
      });
      expect(pages[0].width).toBeLessThan(pages[0].height); // the document is portrait...
    });
  }

  it("wide tables sit on landscape pages inside the portrait document", async () => {
    const pages = await readPdf(pdf("kota-2025-Q3"));
    const landscape = pages.filter((p) => p.width > p.height);
    expect(landscape.length).toBeGreaterThan(0);
    expect(landscape.some((p) => p.text.includes("Kartu skor OPD"))).toBe(true);
    expect(pages.filter((p) => p.width < p.height).length).toBeGreaterThan(1);
  });

  it("a table continued over pages repeats its header row on each of them", async () => {
    const pages = await readPdf(pdf("kota-2025-Q3"));
    const units = await g.wh.query<{ nama_unit: string }>(
      `SELECT DISTINCT r.nama_unit FROM mart.ikm_unit u JOIN ref.unit_layanan r USING (kode_unit) WHERE u.periode = '2025-S2'`,
    );
    expect(units.length).toBeGreaterThan(20);
    const header = "Batas bawah 95%";
    const withRows = pages.filter((p) => units.some((u) => p.text.includes(u.nama_unit)) && p.text.includes("Sampel"));
    const withHeader = pages.filter((p) => p.text.includes(header));
    expect(withHeader.length).toBeGreaterThanOrEqual(2);
    for (const p of withRows) expect(p.text).toContain(header);
  });

  it("the scorecard values of the mart appear in the city pack's text", async () => {
    const text = (await readPdf(pdf("kota-2025-Q3"))).map((p) => p.text).join(" ");
    const rows = await g.wh.query<{ singkatan: string; rata_capaian: number | null }>(
      `SELECT o.singkatan, r.rata_capaian FROM mart.opd_ringkasan r JOIN ref.opd o USING (kode_opd) WHERE r.periode = '2025-Q3'`,
    );
    expect(rows.length).toBe(30);
    for (const r of rows) {
      expect(text).toContain(r.singkatan);
      if (r.rata_capaian != null) expect(text).toContain(`${pct.format(r.rata_capaian)}%`);
    }
    expect(text).toContain("D R A F");
  });

  it("no NIP, name or saran of the exports is in any PDF's text", async () => {
    for (const f of [...triwulan.berkas, ...tahunan.berkas]) {
      const text = (await readPdf(f)).map((p) => p.text).join(" ");
      expect({ file: path.basename(f), hits: temukan(text, g.pribadi) }).toEqual({ file: path.basename(f), hits: [] });
    }
  });

  it("pdffonts: every font embedded, none Type 3, the bold face is a real font", () => {
    for (const f of [...triwulan.berkas, ...tahunan.berkas]) {
      const lines = execFileSync("pdffonts", [f], { encoding: "utf8" }).trim().split("\n").slice(2);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const l of lines) {
        expect(l).not.toMatch(/Type 3/);
        // columns: name type encoding emb sub uni object ID
        const cols = l.trim().split(/\s+/);
        expect({ font: cols[0], emb: cols[cols.length - 5] }).toEqual({ font: cols[0], emb: "yes" });
      }
      expect(lines.some((l) => /NotoSans-Bold/.test(l))).toBe(true);
      expect(lines.some((l) => /NotoSans-Regular/.test(l))).toBe(true);
    }
  });

  it("first pages rendered to PNG with pdftoppm (artifacts/reports/)", () => {
    for (const f of [...triwulan.berkas, ...tahunan.berkas]) {
      const prefix = path.join(ARTIFACTS, path.basename(f, ".pdf"));
      execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "3", f, prefix]);
      const pngs = fs.readdirSync(ARTIFACTS).filter((x) => x.startsWith(path.basename(prefix)) && x.endsWith(".png"));
      expect(pngs.length).toBe(3);
      for (const p of pngs) expect(fs.readFileSync(path.join(ARTIFACTS, p)).subarray(1, 4).toString()).toBe("PNG");
    }
  });
});
