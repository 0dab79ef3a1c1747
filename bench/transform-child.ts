// One transform measurement in its own process, so that its peak RSS (DuckDB included) is the
// transform's alone. Prints one JSON line.
//
//   tsx bench/transform-child.ts DB
import { Warehouse } from "../loaders/warehouse/connection.ts";
import { runTransform } from "../loaders/pipeline.ts";
import { ROOT } from "./lib.ts";

const [db] = process.argv.slice(2);
const env = { root: ROOT, now: () => new Date(), log: () => {} };
const wh = await Warehouse.open({ path: db, command: "bench" });
const t0 = performance.now();
let models = 0;
let tests = 0;
let counts: Record<string, number> = {};
try {
  const r = await runTransform(wh, env);
  models = r.models.length;
  tests = r.tests;
  const seconds = (performance.now() - t0) / 1000;
  for (const t of ["raw.skm", "raw.skp", "raw.iku", "core.skm_respon", "core.skp_penilaian", "core.iku_realisasi", "mart.ikm_unit"])
    counts[t] = (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM ${t}`)).n;
  console.log(JSON.stringify({ seconds: +seconds.toFixed(2), models, tests, counts, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
} finally {
  wh.close();
}
