// Page weight of a built site: each dist/**/*.html loaded in Chromium (playwright-core) from a
// local static server; every response of the first load is counted, and its body gzipped (what a
// server with gzip on sends). Requests that leave the origin are listed.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../loaders/chromium.ts";
import { serveDist } from "../loaders/site.ts";

export interface PageWeight {
  page: string;
  requests: number;
  bytes: number;
  gzipBytes: number;
  external: string[];
  failed: string[];
}

export function htmlPages(dist: string): string[] {
  return (fs.readdirSync(dist, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".html") && !f.startsWith("_"))
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

/** Serve dist/ on 127.0.0.1 (random port) like a static host: the build's precompressed .gz files when the client accepts gzip. */

export async function measurePages(dist: string, pages = htmlPages(dist)): Promise<PageWeight[]> {
  const { chromium } = await import("playwright-core");
  const server = await serveDist(dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const out: PageWeight[] = [];
  try {
    for (const page of pages) {
      const context = await browser.newContext({ serviceWorkers: "block" });
      const tab = await context.newPage();
      const w: PageWeight = { page, requests: 0, bytes: 0, gzipBytes: 0, external: [], failed: [] };
      const pending: Promise<void>[] = [];
      tab.on("request", (req) => {
        if (!req.url().startsWith(server.url) && !req.url().startsWith("data:")) w.external.push(req.url());
      });
      tab.on("requestfailed", (req) => w.failed.push(req.url()));
      tab.on("response", (res) => {
        if (res.url().startsWith("data:")) return;
        w.requests++;
        pending.push(
          res
            .body()
            .then((body) => {
              w.bytes += body.length;
              w.gzipBytes += zlib.gzipSync(body, { level: 6 }).length;
            })
            .catch(() => {}),
        );
      });
      const url = `${server.url}/${page.replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "")}`;
      await tab.goto(url, { waitUntil: "networkidle", timeout: 60_000 });
      await tab.waitForTimeout(500);
      await Promise.all(pending);
      out.push(w);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

// tsx bench/pages.ts [DIST]
if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = path.resolve(process.argv[2] ?? "dist");
  const rows = await measurePages(dist);
  for (const r of rows)
    console.log(`${r.page}\t${r.requests} requests\t${(r.gzipBytes / 1024).toFixed(1)} KB gzip\t${(r.bytes / 1024).toFixed(1)} KB${r.external.length ? `\tEXTERNAL: ${r.external.join(" ")}` : ""}`);
}
