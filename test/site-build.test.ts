// The built site (dist/): one page per OPD of the reference data, Indonesian and zoomable pages, and
// nothing personal anywhere: no NIP, no name from the SKP exports, no free text from the survey.
// Builds the site first when dist/ is missing (about a minute).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { csvParse, dsvFormat } from "d3-dsv";
import { beforeAll, describe, expect, it } from "vitest";
import { fixHtml, opdCodes } from "../observablehq.config.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = path.join(ROOT, "dist");
const SAMPLE = path.join(ROOT, "data", "sample");

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

/** Rows of a demo export, whichever delimiter it uses (the exports use , or ;). */
function readExport(file: string): Record<string, string>[] {
  const text = fs.readFileSync(file, "utf8").replace(/^\ufeff/, "");
  const header = text.slice(0, text.indexOf("\n"));
  return header.split(";").length > header.split(",").length ? dsvFormat(";").parse(text) : csvParse(text);
}

function columnValues(dir: string, column: string): Set<string> {
  const out = new Set<string>();
  if (!fs.existsSync(dir)) return out;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".csv"))) {
    for (const row of readExport(path.join(dir, f))) {
      const key = Object.keys(row).find((k) => k.trim().toLowerCase() === column.toLowerCase());
      const v = key ? row[key]?.trim() : "";
      if (v) out.add(v);
    }
  }
  return out;
}

// NIP: birth date yyyymmdd, appointment yyyymm, sex 1|2, serial nnn (18 digits).
const NIP_SHAPE = /(?<!\d)(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(19|20)\d\d(0[1-9]|1[0-2])[12]\d{3}(?!\d)/;

let files: { file: string; text: string }[] = [];

beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-site-"));
    execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "loaders", "cli.ts"), "build", "--db", path.join(tmp, "w.duckdb")], {
      cwd: ROOT,
      stdio: "pipe",
      env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1", PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` },
    });
  }
  files = listFiles(DIST).map((file) => ({ file, text: fs.readFileSync(file, "utf8") }));
}, 300_000);

describe("site build output", () => {
  it("has one page per OPD of data/reference/opd.csv", () => {
    const codes = opdCodes(ROOT);
    expect(codes.length).toBeGreaterThan(20);
    for (const k of codes) expect(fs.existsSync(path.join(DIST, "opd", `${k}.html`)), `dist/opd/${k}.html`).toBe(true);
    for (const p of ["index", "layanan", "perencanaan", "kualitas-data", "metodologi"])
      expect(fs.existsSync(path.join(DIST, `${p}.html`)), `dist/${p}.html`).toBe(true);
  });

  it("pages declare lang=id, allow zoom, label the sidebar toggle and load no web fonts", () => {
    const pages = files.filter((f) => f.file.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(30);
    for (const { file, text } of pages) {
      expect(text, file).toMatch(/<html lang="id">/);
      expect(text, file).not.toMatch(/maximum-scale/);
      expect(text, file).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
      expect(text, file).toMatch(/id="observablehq-sidebar-toggle"[^>]*aria-label="[^"]+"/);
      expect(text, file).not.toMatch(/fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr/);
    }
  });

  it("fixHtml is idempotent", () => {
    const raw = `<!DOCTYPE html>\n<html>\n<head>\n<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">`;
    const once = fixHtml(raw);
    expect(once).toContain('<html lang="id">');
    expect(once).not.toContain("maximum-scale");
    expect(fixHtml(once)).toBe(once);
  });

  it("contains no NIP", () => {
    const nips = columnValues(path.join(SAMPLE, "skp"), "NIP");
    for (const { file, text } of files) {
      expect(NIP_SHAPE.exec(text)?.[0], file).toBeUndefined();
      for (const run of text.match(/\d{18}/g) ?? []) if (nips.has(run)) throw new Error(`NIP ${run.slice(0, 4)}… found in ${file}`);
    }
  });

  it("contains no personal name from the SKP exports and no free text from the survey", () => {
    const names = columnValues(path.join(SAMPLE, "skp"), "Nama");
    const saran = columnValues(path.join(SAMPLE, "skm"), "Saran");
    if (fs.existsSync(SAMPLE)) expect(names.size, "demo names were read").toBeGreaterThan(0);
    // A name is checked whole and without its academic titles ("Afrida Rahmadani, S.H." -> "Afrida Rahmadani").
    const needles = new Set<string>();
    for (const n of names) {
      needles.add(n);
      const bare = n.split(",")[0].trim();
      if (bare.includes(" ")) needles.add(bare);
    }
    for (const s of saran) if (s.length >= 6) needles.add(s);
    for (const { file, text } of files)
      for (const needle of needles) if (text.includes(needle)) throw new Error(`"${needle}" found in ${path.relative(ROOT, file)}`);
  });
});
