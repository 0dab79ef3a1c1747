// Output safety in Chromium: OPD, unit and indicator names that contain HTML and script render as
// text. A private copy of the project gets reference data with such names, builds its warehouse
// from small generated exports and its own dist/ (the repository's dist/ is not touched), and is
// served on 127.0.0.1. On every page: no dialog fires, no injected element exists, and the names'
// literal text is what a visitor sees.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { csvFormat, csvParse } from "d3-dsv";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../../loaders/demo/index.ts";
import { copyProject, startCli } from "../reliability/project-copy.ts";
import { openBrowser, serveDist, type StaticSite, type TestBrowser } from "./harness.ts";

// Each payload would, if parsed as HTML, fire alert(n) or add an element the test looks for.
const OPD_NAME = `Dinas Kesehatan <img src=x onerror=alert(1) class=disuntik>`;
const OPD_SHORT = `DINKES<script>alert(2)</script>`;
const UNIT_NAME = `Puskesmas Naras <img src=x onerror=alert(3) class=disuntik><b class=disuntik>tebal</b>`;
const OPD2_SHORT = `"><svg onload=alert(4) class=disuntik>`;
const INDICATOR_NAME = `Angka <iframe src="javascript:alert(5)" class=disuntik></iframe> Harapan Hidup`;

const PAGES = ["/", "/layanan", "/perencanaan", "/kualitas-data", "/opd/DINKES", "/opd/SETDA"];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-hostile-site-"));
const project = path.join(tmp, "proyek");
let site: StaticSite | undefined;
let browser: TestBrowser | undefined;
let origin = "";
let context: BrowserContext;

function hostileReference(): void {
  const ref = path.join(project, "data", "reference");
  const edit = (file: string, fn: (r: Record<string, string>) => void) => {
    const rows = csvParse(fs.readFileSync(path.join(ref, file), "utf8").replace(/^\ufeff/, ""));
    rows.forEach(fn);
    fs.writeFileSync(path.join(ref, file), csvFormat(rows, rows.columns) + "\n");
  };
  edit("opd.csv", (r) => {
    if (r.kode_opd === "DINKES") Object.assign(r, { nama_opd: OPD_NAME, singkatan: OPD_SHORT });
    if (r.kode_opd === "SETDA") r.singkatan = OPD2_SHORT;
  });
  edit("unit_layanan.csv", (r) => {
    if (r.kode_unit === "PKM-NARAS") r.nama_unit = UNIT_NAME;
  });
  let indicator = "";
  edit("indikator.csv", (r) => {
    if (r.kode_opd === "DINKES" && !indicator) {
      indicator = r.kode_indikator;
      r.nama_indikator = INDICATOR_NAME;
    }
  });
}

beforeAll(async () => {
  copyProject(project);
  const exportsDir = path.join(tmp, "ekspor");
  // Exports are generated from the clean reference (codes are what they share with the hostile one).
  await runDemo({ out: exportsDir, seed: 99, scale: 0.1 }, { log: () => {} });
  hostileReference();
  const r = await startCli(project, ["build", "--data", exportsDir, "--db", path.join(project, "data", "gudang.duckdb"), "--max-rejected", "1"], {
    KINERJA_SECRET_FILE: path.join(tmp, "secret"),
  }).done;
  if (r.code !== 0) throw new Error(`hostile build failed (${r.code}): ${r.stderr.slice(-3000)}`);
  site = await serveDist(path.join(project, "dist"));
  origin = site.url;
  browser = await openBrowser();
  context = browser.context;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("hostile names in the browser", () => {
  it("never run, never become elements, and show as literal text", async () => {
    const dialogs: string[] = [];
    const injected: string[] = [];
    const seen = new Map<string, boolean>();
    for (const url of PAGES) {
      const page = await context.newPage();
      page.on("dialog", (d) => {
        dialogs.push(`${url}: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(origin + url, { waitUntil: "networkidle" });
      await page.waitForSelector(".banner-demo, .info-data", { timeout: 30_000 });
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(300);
      const found = await page.evaluate(() => {
        const bad = [...document.querySelectorAll(".disuntik, img[src='x'], [onerror], [onload], iframe")].map((e) => e.outerHTML.slice(0, 120));
        const scripts = [...document.querySelectorAll("script")].filter((s) => /alert\(/.test(s.textContent ?? "")).map((s) => s.outerHTML.slice(0, 120));
        return [...bad, ...scripts];
      });
      for (const f of found) injected.push(`${url}: ${f}`);
      const text = await page.evaluate(() => document.body.innerText + "\n" + [...document.querySelectorAll("svg text, title")].map((t) => t.textContent).join("\n"));
      // Escaped twice, a name would show its entities ("&#60;") instead of its text.
      const sidebar = await page.evaluate(() => [...document.querySelectorAll("#observablehq-sidebar a")].map((a) => a.textContent ?? ""));
      expect(sidebar, url).toContain(OPD_SHORT);
      expect(text, url).not.toMatch(/&#\d+;/);
      for (const name of [OPD_NAME, OPD_SHORT, UNIT_NAME, OPD2_SHORT, INDICATOR_NAME]) if (text.includes(name)) seen.set(name, true);
      await page.close();
    }
    expect(dialogs).toEqual([]);
    expect(injected).toEqual([]);
    // Every hostile name is shown somewhere, exactly as written.
    expect([...seen.keys()].sort()).toEqual([OPD_NAME, OPD_SHORT, UNIT_NAME, OPD2_SHORT, INDICATOR_NAME].sort());
  }, 300_000);
});
