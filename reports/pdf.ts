// HTML to A4 PDF with the Debian Chromium (playwright-core, page.pdf). The page size and the
// landscape named page come from the stylesheet (preferCSSPageSize); page numbers come from the CSS
// page-margin boxes, so no header/footer template is used.
import fs from "node:fs";
import type { Browser } from "playwright-core";

export { CHROMIUM_ARGS, CHROMIUM_PATH } from "../loaders/chromium.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../loaders/chromium.ts";

export class ChromiumTidakAda extends Error {
  constructor(exe: string) {
    super(
      `Chromium tidak ditemukan di ${exe}: PDF tidak dibuat (pasang dengan: apt-get install -y chromium, atau atur CHROMIUM_PATH). XLSX dan HTML tetap dibuat.`,
    );
    this.name = "ChromiumTidakAda";
  }
}

export interface PencetakPdf {
  cetak(html: string): Promise<Buffer>;
  tutup(): Promise<void>;
}

export async function bukaPencetak(exe = CHROMIUM_PATH): Promise<PencetakPdf> {
  if (!fs.existsSync(exe)) throw new ChromiumTidakAda(exe);
  const { chromium } = await import("playwright-core");
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: exe, headless: true, args: CHROMIUM_ARGS });
  } catch (e) {
    throw new Error(`Chromium (${exe}) gagal dijalankan: ${(e as Error).message.split("\n")[0]}. XLSX dan HTML tetap dibuat.`);
  }
  const b = browser;
  const context = await b.newContext({ locale: "id-ID", timezoneId: "Asia/Jakarta" });
  // The pack is self-contained: nothing may be fetched from anywhere.
  await context.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
  return {
    async cetak(html: string): Promise<Buffer> {
      const page = await context.newPage();
      try {
        await page.setContent(html, { waitUntil: "load" });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        return await page.pdf({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false });
      } finally {
        await page.close();
      }
    },
    async tutup(): Promise<void> {
      await b.close();
    },
  };
}
