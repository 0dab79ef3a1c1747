// The built site in Debian Chromium (playwright-core): every page loads with no console error and
// no request leaving localhost, the period selector changes the figures, a /layanan figure equals
// the mart, axe-core finds no violation, and screenshots at 360 and 1280 px go to artifacts/.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opdCodes } from "../../observablehq.config.ts";
import { Warehouse } from "../../loaders/warehouse/connection.ts";
import { openBrowser, serveDist, type StaticSite, type TestBrowser } from "./harness.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const DIST = path.join(ROOT, "dist");
const DB = process.env.KINERJA_DB ?? path.join(ROOT, "data", "warehouse.duckdb");
const SHOTS = path.join(ROOT, "artifacts", "screenshots");

function newest(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === ".observablehq") continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** dist/ is stale when a page, component, loader, the config or the warehouse is newer than it. */
function distIsStale(): boolean {
  const index = path.join(DIST, "index.html");
  if (!fs.existsSync(index) || !fs.existsSync(DB)) return true;
  const built = fs.statSync(index).mtimeMs;
  const inputs = Math.max(newest(path.join(ROOT, "src")), fs.statSync(path.join(ROOT, "observablehq.config.ts")).mtimeMs, newest(path.join(ROOT, "data", "sample")), newest(path.join(ROOT, "data", "reference")));
  return inputs > built;
}

let site: StaticSite | undefined;
let browser: TestBrowser | undefined;
let origin = "";
let context: BrowserContext;
let outside: string[] = [];

beforeAll(async () => {
  if (distIsStale()) {
    execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "loaders", "cli.ts"), "build", "--db", DB], {
      cwd: ROOT,
      stdio: "pipe",
      env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1", PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` },
    });
  }
  site = await serveDist(DIST);
  origin = site.url;
  browser = await openBrowser();
  ({ context, outside } = browser);
  fs.mkdirSync(SHOTS, { recursive: true });
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const MAIN_PAGES = ["/", "/layanan", "/wilayah", "/perencanaan", "/kualitas-data", "/metodologi", "/data/laporan"];

async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(origin + url, { waitUntil: "networkidle" });
  // Every page shows the demo banner or the "updated" line once its data has loaded.
  await page.waitForSelector(".banner-demo, .info-data", { timeout: 20_000 });
  await page.waitForLoadState("networkidle");
  return { page, errors };
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: path.join(ROOT, "node_modules", "axe-core", "axe.min.js") });
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")})`);
  });
  return violations;
}

function slug(url: string): string {
  return url === "/" ? "beranda" : url.slice(1).replace(/\//g, "_");
}

describe("site in Chromium", () => {
  const pages = () => [...MAIN_PAGES, ...opdCodes(ROOT).map((k) => `/opd/${k}`)];

  it("every page loads with no console error, no outside request and no axe violation", async () => {
    const problems: string[] = [];
    for (const url of pages()) {
      const { page, errors } = await open(url);
      for (const e of errors) problems.push(`${url}: console: ${e}`);
      for (const v of await axeViolations(page)) problems.push(`${url}: axe ${v}`);
      await page.close();
    }
    expect(outside, "requests outside localhost").toEqual([]);
    expect(problems).toEqual([]);
  }, 600_000);

  it("the blocks that reserve the first screen (src/style.css) have all drawn: no blank gap, nothing left hidden", async () => {
    const problems: string[] = [];
    for (const url of [...MAIN_PAGES, "/opd/DINKES"]) {
      const { page } = await open(url);
      const empty = await page.evaluate(() =>
        [
          "#observablehq-main > h1 + p + .observablehq--block + .observablehq--block:empty",
          "#observablehq-main > h1 + p + h2 + .observablehq--block:empty",
          "#observablehq-main > .observablehq--block:first-child + .observablehq--block:not(:has(+ h1)):empty",
        ].flatMap((sel) => [...document.querySelectorAll(sel)].map(() => sel)),
      );
      for (const sel of empty) problems.push(`${url}: still empty: ${sel}`);
      // The page's last heading is laid out (display: none would give it no box).
      const lastHeadingShown = await page.evaluate(() => {
        const hs = document.querySelectorAll("#observablehq-main h2");
        return hs.length === 0 || hs[hs.length - 1].getClientRects().length > 0;
      });
      if (!lastHeadingShown) problems.push(`${url}: the last h2 is not laid out`);
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  it("the period selector on Beranda changes the figures", async () => {
    const { page } = await open("/");
    const figures = page.locator("#angka-utama");
    const before = await figures.innerText();
    const periodeBefore = await figures.getAttribute("data-periode");
    const select = page.locator(".pilihan select").first();
    const options = await select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const other = options.find((v) => v !== periodeBefore && v.includes("-Q"))!;
    await select.selectOption(other);
    await page.waitForSelector(`#angka-utama[data-periode="${other}"]`);
    expect(await page.locator("#angka-utama").innerText()).not.toBe(before);
    await page.close();
  });

  it("an IKM on /layanan equals mart.ikm_unit", async () => {
    const wh = await Warehouse.open({ path: DB, readOnly: true });
    let expected: { periode: string; kode_unit: string; ikm: number };
    try {
      [expected] = await wh.query<{ periode: string; kode_unit: string; ikm: number }>(
        `SELECT periode, kode_unit, ikm FROM mart.ikm_unit WHERE periode LIKE '%-S%' ORDER BY periode DESC, ikm ASC LIMIT 1`,
      );
    } finally {
      wh.close();
    }
    const { page } = await open("/layanan");
    const cell = page.locator(`#tabel-ikm [data-kode-unit="${expected.kode_unit}"]`);
    const text = (await cell.innerText()).trim();
    expect(Number(text.replace(/\./g, "").replace(",", "."))).toBe(expected.ikm);
    expect(text).toMatch(/^\d{2,3},\d{2}$/); // id-ID: decimal comma
    await page.close();
  });

  it("screenshots at 360 and 1280 px", async () => {
    for (const url of [...MAIN_PAGES, "/opd/DINKES"]) {
      for (const width of [360, 1280]) {
        const { page } = await open(url);
        await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(SHOTS, `${slug(url)}-${width}.png`), fullPage: true });
        // At 360 px nothing but scroll regions may be wider than the screen.
        if (width === 360) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(overflow, `${url} horizontal overflow at 360 px`).toBeLessThanOrEqual(362);
        }
        await page.close();
      }
    }
  }, 300_000);
});
