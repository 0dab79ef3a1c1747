// What the browser tests share: the static server for a built dist/ on 127.0.0.1, and a Chromium
// context (id-ID, Asia/Jakarta) whose requests leaving localhost are refused and recorded.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../loaders/chromium.ts";

/** The site's own static server (loaders/site.ts), as `kinerja build --serve` uses it. */
export { serveDist, type StaticSite } from "../../loaders/site.ts";

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
