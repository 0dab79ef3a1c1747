// The transform's skip decision: it reruns whenever anything it reads may have changed (a load, raw
// rows, reference data, model or loader code) and is skipped only on identical inputs.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryWarehouse, ROOT, silentEnv, tempDir } from "../test/helpers.ts";
import { runTransform, transformInputs } from "./pipeline.ts";
import type { Warehouse } from "./warehouse/connection.ts";

let wh: Warehouse;
let tmp: { dir: string; cleanup: () => void };
const write = (rel: string, text: string) => {
  const f = path.join(tmp.dir, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
};

beforeEach(async () => {
  wh = await memoryWarehouse();
  tmp = tempDir();
  write("loaders/models/mart/a.sql", "SELECT 1");
  write("data/reference/opd.csv", "kode_opd\nA\n");
  await wh.exec(`CREATE TABLE raw.contoh (x INTEGER)`);
});
afterEach(() => {
  wh.close();
  tmp.cleanup();
});

describe("transform inputs", () => {
  it("are stable when nothing changed, and change with a load, a load's status, raw rows, reference data and code", async () => {
    const seen = new Set([await transformInputs(wh, tmp.dir)]);
    expect(seen.has(await transformInputs(wh, tmp.dir))).toBe(true);
    const changes: (() => Promise<unknown> | void)[] = [
      () => wh.exec(`INSERT INTO meta.loads VALUES (1, 'skm', 'f.csv', 'h1', 1, 1, 0, 0, NULL, 'loaded', now(), now())`),
      () => wh.exec(`UPDATE meta.loads SET status = 'superseded' WHERE load_id = 1`),
      () => wh.exec(`INSERT INTO raw.contoh VALUES (1)`),
      () => write("data/reference/opd.csv", "kode_opd\nB\n"),
      () => write("loaders/models/mart/a.sql", "SELECT 2"),
      () => write("loaders/analytics/stat.ts", "export const k = 1;"),
    ];
    for (const change of changes) {
      await change();
      const now = await transformInputs(wh, tmp.dir);
      expect(seen.has(now)).toBe(false);
      seen.add(now);
    }
  });

  it("ignore test files and fixtures", async () => {
    const base = await transformInputs(wh, tmp.dir);
    write("loaders/models/a.test.ts", "it()");
    write("loaders/sources/skm/fixtures/x.csv", "a\n1\n");
    expect(await transformInputs(wh, tmp.dir)).toBe(base);
  });
});

describe("runTransform skipWhenUnchanged", () => {
  it("transforms, then skips (saying so) until a load arrives", async () => {
    const lines: string[] = [];
    const env = { ...silentEnv(lines), root: ROOT };
    const first = await runTransform(wh, env, undefined, { skipWhenUnchanged: true });
    expect(first.skipped).toBe(false);
    const second = await runTransform(wh, env, undefined, { skipWhenUnchanged: true });
    expect(second).toMatchObject({ skipped: true, runId: first.runId });
    expect(lines.at(-1)).toBe(`Transformasi dilewati: tidak ada muatan baru, model dan data referensi tidak berubah sejak transformasi #${first.runId}.`);
    expect((await wh.one<{ n: number }>(`SELECT count(*) AS n FROM meta.transforms`)).n).toBe(1);
    // Without the option it always runs.
    const third = await runTransform(wh, env);
    expect(third).toMatchObject({ skipped: false, runId: first.runId + 1 });
    // A new load: the next build transforms again.
    await wh.exec(`INSERT INTO meta.loads VALUES (99, 'skm', 'f.csv', 'h1', 0, 0, 0, 0, NULL, 'loaded', now(), now())`);
    const fourth = await runTransform(wh, env, undefined, { skipWhenUnchanged: true });
    expect(fourth).toMatchObject({ skipped: false, runId: first.runId + 2 });
  });
});
