// What the browser tests share: a static server for a built dist/ on 127.0.0.1, and a Chromium
// context (id-ID, Asia/Jakarta) whose requests leaving localhost are refused and recorded.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import sirv from "sirv";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../loaders/chromium.ts";

export interface StaticSite {
  origin: string;
  close: () => Promise<void>;
}

export async function serveDist(dist: string): Promise<StaticSite> {
  const handler = sirv(dist, { dev: false, extensions: ["html"] });
  const server = http.createServer((req, res) =>
    handler(req, res, () => {
      res.statusCode = 404;
      res.end("not found");
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface TestBrowser {
  context: BrowserContext;
  /** URLs the pages tried to fetch from outside localhost (refused). */
  outside: string[];
  close: () => Promise<void>;
}

export async function openBrowser(): Promise<TestBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-chromium-"));
  const outside: string[] = [];
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      locale: "id-ID",
      timezoneId: "Asia/Jakarta",
    });
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1" || url.hostname === "localhost") return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    return {
      context,
      outside,
      close: async () => {
        try {
          await context.close();
        } finally {
          fs.rmSync(userDataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
}
