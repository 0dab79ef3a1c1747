// Test fixture shared by the report tests (Node and browser): demo exports at a small scale, loaded
// and transformed into an in-memory warehouse, plus the personal values planted in those exports
// (NIP, names, free-text saran) that must never appear in a pack.
import fs from "node:fs";
import path from "node:path";
import { dsvFormat } from "d3-dsv";
import { runDemo } from "../loaders/demo/index.ts";
import { runIngest } from "../loaders/pipeline.ts";
import { transform } from "../loaders/models/run.ts";
import { Warehouse } from "../loaders/warehouse/connection.ts";
import { SECRET, silentEnv, tempDir } from "../test/helpers.ts";

export interface DemoGudang {
  wh: Warehouse;
  dir: string;
  /** NIPs, names and saran texts read from the raw exports. */
  pribadi: string[];
  cleanup: () => void;
}

function readRows(file: string): Record<string, string>[] {
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const first = text.slice(0, text.indexOf("\n"));
  const delim = (first.match(/;/g) ?? []).length > (first.match(/,/g) ?? []).length ? ";" : ",";
  return dsvFormat(delim).parse(text) as unknown as Record<string, string>[];
}

export async function demoGudang(): Promise<DemoGudang> {
  const { dir, cleanup } = tempDir("kinerja-report-");
  await runDemo({ out: path.join(dir, "sample"), scale: 0.2 }, { log: () => {} });
  const wh = await Warehouse.open({ path: ":memory:" });
  const env = silentEnv();
  await runIngest(wh, [path.join(dir, "sample")], env, { secret: SECRET });
  // The models' own data tests are the transform suite's business; a report test needs the marts.
  await transform(wh, env.now, undefined, []);
  const pribadi = new Set<string>();
  const csv = (sub: string) =>
    fs.readdirSync(path.join(dir, "sample", sub)).filter((f) => f.endsWith(".csv")).sort().map((f) => path.join(dir, "sample", sub, f));
  for (const file of csv("skp").slice(-3))
    for (const [i, row] of readRows(file).entries()) {
      if (i % 15 !== 0) continue;
      const nip = (row.NIP ?? "").replace(/\s/g, "");
      if (nip.length >= 18) pribadi.add(nip);
      const nama = (row.Nama ?? "").split(",")[0].trim();
      if (nama.includes(" ")) pribadi.add(nama);
    }
  for (const file of csv("skm"))
    for (const row of readRows(file)) if ((row.Saran ?? "").trim().length > 12 && pribadi.size < 200) pribadi.add(row.Saran.trim());
  return {
    wh,
    dir,
    pribadi: [...pribadi],
    cleanup: () => {
      wh.close();
      cleanup();
    },
  };
}

/** The needles found in a text (case-insensitive). */
export function temukan(text: string, needles: string[]): string[] {
  const t = text.toLowerCase();
  return needles.filter((n) => t.includes(n.toLowerCase()));
}
