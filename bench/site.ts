// `npm run bench:site`: Lighthouse 12.8 (mobile, the default config) for each built page, with the
// Debian Chromium, against a local static server of dist/ on 127.0.0.1. Writes
// bench/results/site-<date>.json and prints a table; for a missed goal it lists the failing audits.
//
//   npm run bench:site -- [--dist DIR] [--all]     (default: the top-level pages and one OPD page)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fmt, machine, ROOT, run, table } from "./lib.ts";
import { htmlPages } from "./pages.ts";
import { CHROMIUM_PATH as CHROMIUM } from "../loaders/chromium.ts";
import { serveDist } from "../loaders/site.ts";

const { values: opts } = parseArgs({
  options: { dist: { type: "string", default: path.join(ROOT, "dist") }, all: { type: "boolean", default: false } },
});
const dist = path.resolve(opts.dist);
if (!fs.existsSync(path.join(dist, "index.html"))) throw new Error(`${dist}/index.html not found: build the site first (npm run build)`);
let pages = htmlPages(dist);
if (!opts.all) {
  const opd = pages.filter((p) => p.startsWith("opd/"));
  pages = [...pages.filter((p) => !p.includes("/")), ...opd.slice(0, 1)];
}

const LIGHTHOUSE = path.join(ROOT, "node_modules", ".bin", "lighthouse");
const FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run";
const started = new Date();
const server = await serveDist(dist);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-lh-"));
const rows: { page: string; performance: number; accessibility: number; metrics: Record<string, number>; failing: string[] }[] = [];
try {
  for (const page of pages) {
    const url = `${server.url}/${page.replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "")}`;
    const report = path.join(tmp, "report.json");
    process.stderr.write(`lighthouse ${url}\n`);
    const r = await run(LIGHTHOUSE, [
      url,
      `--chrome-path=${CHROMIUM}`,
      `--chrome-flags=${FLAGS}`,
      "--only-categories=performance,accessibility",
      "--output=json",
      `--output-path=${report}`,
      "--quiet",
    ], { env: { CHROME_PATH: CHROMIUM } });
    if (r.code !== 0) throw new Error(`lighthouse ${url} failed:\n${r.stderr.slice(-3000)}`);
    const lhr = JSON.parse(fs.readFileSync(report, "utf8"));
    const score = (c: string) => lhr.categories[c].score as number;
    const failing: string[] = [];
    for (const c of ["performance", "accessibility"])
      for (const ref of lhr.categories[c].auditRefs) {
        const a = lhr.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative")
          failing.push(`${c}: ${a.id} (${a.score}${a.displayValue ? `, ${a.displayValue}` : ""})`);
      }
    const metrics: Record<string, number> = {};
    for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"])
      metrics[id] = +(lhr.audits[id]?.numericValue ?? NaN).toFixed(id === "cumulative-layout-shift" ? 3 : 0);
    rows.push({ page, performance: score("performance"), accessibility: score("accessibility"), metrics, failing });
  }
} finally {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

const text = table(
  ["page", "performance", "accessibility", "FCP ms", "LCP ms", "TBT ms", "CLS", "goals (≥ 0.95, 1.0)"],
  rows.map((r) => [
    r.page,
    fmt(r.performance, 2),
    fmt(r.accessibility, 2),
    fmt(r.metrics["first-contentful-paint"]),
    fmt(r.metrics["largest-contentful-paint"]),
    fmt(r.metrics["total-blocking-time"]),
    fmt(r.metrics["cumulative-layout-shift"], 3),
    r.performance >= 0.95 && r.accessibility >= 1 ? "met" : "MISSED",
  ]),
);
console.log(`\nLighthouse 12.8 mobile, ${started.toISOString()}\n\n${text}`);
for (const r of rows) if (r.failing.length) console.log(`\n${r.page}:\n  ${r.failing.join("\n  ")}`);
const dir = path.join(ROOT, "bench", "results");
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `site-${started.toISOString().slice(0, 16).replace(/[:T]/g, "-")}.json`);
fs.writeFileSync(file, JSON.stringify({ date: started.toISOString(), command: `npm run bench:site -- ${process.argv.slice(2).join(" ")}`.trim(), machine: machine(), dist, pages: rows, table: text }, null, 2) + "\n");
process.stderr.write(`results: ${path.relative(ROOT, file)}\n`);
