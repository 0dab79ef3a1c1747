// The report archive's cost on its own (issue 5): opens a copy of the benchmark's warehouse
// read-only and runs arsipSitus without the pack cache, counting the queries and the time spent in
// them. The copy keeps the measurement off the file the build benchmark may be rewriting.
//   npx tsx bench/packs.ts [warehouse.duckdb]   (default: bench-data/site-work/data/warehouse.duckdb)
// PACKS_ZIP=file also writes the archive there; PACKS_QUERIES=1 lists the time per statement.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Warehouse } from "../loaders/warehouse/connection.ts";
import { arsipSitus } from "../reports/arsip.ts";
import { BENCH_DATA, ROOT } from "./lib.ts";

const src = process.argv[2] ?? path.join(BENCH_DATA, "site-work", "data", "warehouse.duckdb");
if (!fs.existsSync(src)) {
  console.error(`Gudang data ${src} tidak ada: jalankan dulu npm run bench atau npx kinerja build --no-site`);
  process.exit(1);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-packs-"));
const copy = path.join(dir, "warehouse.duckdb");
fs.copyFileSync(src, copy);
const wh = await Warehouse.open({ path: copy, readOnly: true });
try {
  let n = 0;
  let ms = 0;
  const perSql = new Map<string, { n: number; ms: number }>();
  const query = wh.query;
  wh.query = (async (sql: string, params?: Parameters<Warehouse["query"]>[1]) => {
    const t = performance.now();
    try {
      return await query.call(wh, sql, params);
    } finally {
      n++;
      const dt = performance.now() - t;
      ms += dt;
      const key = sql.replace(/\s+/g, " ").trim().slice(0, 70);
      const b = perSql.get(key) ?? { n: 0, ms: 0 };
      perSql.set(key, { n: b.n + 1, ms: b.ms + dt });
    }
  }) as Warehouse["query"];
  const t0 = performance.now();
  const zip = await arsipSitus(wh, ROOT, false);
  const wall = performance.now() - t0;
  // To compare two versions' archives byte for byte.
  if (process.env.PACKS_ZIP) fs.writeFileSync(process.env.PACKS_ZIP, zip);
  console.log(
    JSON.stringify({ warehouse: src, wall_s: +(wall / 1000).toFixed(2), queries: n, query_s: +(ms / 1000).toFixed(2), zip_bytes: zip.length }),
  );
  // PACKS_QUERIES=1: where the query time goes, by statement (first 70 characters).
  if (process.env.PACKS_QUERIES)
    for (const [sql, b] of [...perSql].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${String(b.n).padStart(5)} ${b.ms.toFixed(0).padStart(6)} ms  ${sql}`);
} finally {
  wh.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
