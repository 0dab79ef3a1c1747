// Where a page's JavaScript-drawn blocks land and what shifts while they arrive (for sizing the space
// reserved in src/style.css). Prints, per page and viewport, each top-level block of <main> with its
// final height, and the layout shifts the browser reported with the elements that moved.
//
//   tsx bench/layout-probe.ts [DIST] [page.html ...]
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../loaders/chromium.ts";
import { serveDist } from "../loaders/site.ts";
import { ROOT } from "./lib.ts";

const [distArg, ...pages] = process.argv.slice(2);
const dist = path.resolve(distArg ?? path.join(ROOT, "dist"));
const server = await serveDist(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const vp of [{ width: 412, height: 823 }, { width: 1350, height: 940 }]) {
    const ctx = await browser.newContext({ viewport: vp });
    for (const p of pages.length ? pages : ["index.html", "layanan.html", "perencanaan.html", "kualitas-data.html", "metodologi.html", "opd/BAPENDA.html"]) {
      const page = await ctx.newPage();
      await page.addInitScript(() => {
        (window as any).__shifts = [];
        new PerformanceObserver((l) => {
          for (const e of l.getEntries() as any[])
            (window as any).__shifts.push({ value: +e.value.toFixed(4), t: Math.round(e.startTime), nodes: e.sources.map((s: any) => { const n = s.node as Element | null; return n ? `${n.nodeName}${n.id ? "#" + n.id : ""}${n.className && typeof n.className === "string" ? "." + n.className.split(" ")[0] : ""} ${s.previousRect.y}->${s.currentRect.y}` : "?"; }) });
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(`${server.url}/${p}`, { waitUntil: "networkidle" });
      await page.waitForTimeout(800);
      const blocks = await page.evaluate(() =>
        [...document.querySelectorAll("#observablehq-main > *")].map((e, i) => {
          const r = e.getBoundingClientRect();
          return `${i} ${e.nodeName}${e.id ? "#" + e.id : ""}${e.classList.contains("observablehq--block") ? " [block]" : ""} y=${Math.round(r.y)} h=${Math.round(r.height)} ${(e.textContent ?? "").slice(0, 40).replace(/\s+/g, " ")}`;
        }),
      );
      const shifts = await page.evaluate(() => (window as any).__shifts);
      console.log(`\n== ${p} ${vp.width}x${vp.height} CLS(sum)=${shifts.reduce((s: number, x: any) => s + x.value, 0).toFixed(3)}`);
      for (const b of blocks.slice(0, 14)) console.log("  " + b);
      for (const s of shifts) console.log(`  shift ${s.value} @${s.t}ms: ${s.nodes.join(" | ")}`);
      await page.close();
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.close();
}
