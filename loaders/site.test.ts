import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Warehouse } from "./warehouse/connection.ts";
import { dataCacheDir, invalidateStaleCache, warehouseFingerprint } from "./site.ts";

let root: string;
let wh: Warehouse;

function write(rel: string, text: string) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-site-"));
  write("loaders/models/mart/a.sql", "SELECT 1");
  write("data/reference/opd.csv", "kode_opd\nA\n");
  write("src/data/site.json.ts", "export {}");
  wh = await Warehouse.open({ path: ":memory:" });
});
afterEach(() => {
  wh.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("page-data cache fingerprint", () => {
  it("is stable when nothing changed, and changes with a load, a model, reference data or a data loader", async () => {
    const base = await warehouseFingerprint(wh, root);
    expect(await warehouseFingerprint(wh, root)).toBe(base);
    const seen = new Set([base]);
    const changes: (() => Promise<void> | void)[] = [
      () => write("src/data/site.json.ts", "export const x = 1;"),
      () => write("loaders/models/mart/a.sql", "SELECT 2"),
      () => write("data/reference/opd.csv", "kode_opd\nB\n"),
      async () => {
        await wh.exec(`INSERT INTO meta.loads VALUES (1, 'skm', 'f.csv', 'h', 1, 1, 0, 0, NULL, 'loaded', now(), now())`);
      },
    ];
    for (const change of changes) {
      await change();
      const f = await warehouseFingerprint(wh, root);
      expect(seen.has(f)).toBe(false);
      seen.add(f);
    }
  });

  it("clears cached page data only when the fingerprint differs", () => {
    const cached = path.join(dataCacheDir(root), "data", "site.json");
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.writeFileSync(cached, "{}");
    expect(invalidateStaleCache(root, "one")).toBe(true);
    expect(fs.existsSync(cached)).toBe(false);
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.writeFileSync(cached, "{}");
    expect(invalidateStaleCache(root, "one")).toBe(false);
    expect(fs.existsSync(cached)).toBe(true);
    expect(invalidateStaleCache(root, "two")).toBe(true);
    expect(fs.existsSync(cached)).toBe(false);
  });
});
