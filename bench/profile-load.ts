// Time each SQL statement of one file's load (for finding the slow step of an ingest).
//
//   tsx bench/profile-load.ts FILE [SOURCE]
//   EXPLAIN=1: DuckDB's EXPLAIN ANALYZE of the read-and-check statement; LIMITS=1: the file's limits.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Warehouse } from "../loaders/warehouse/connection.ts";
import { runIngest } from "../loaders/pipeline.ts";
import { sourceByName } from "../loaders/sources/index.ts";
import { BENCH_DATA, ROOT } from "./lib.ts";
import { literal } from "../loaders/ingest/sql.ts";

const [file, sourceName] = process.argv.slice(2);
const db = path.join(BENCH_DATA, "tmp", "profile.duckdb");
fs.mkdirSync(path.dirname(db), { recursive: true });
for (const f of [db, `${db}.wal`]) fs.rmSync(f, { force: true });
const wh = await Warehouse.open({ path: db, command: "bench" });
const timings: { ms: number; sql: string }[] = [];
for (const m of ["exec", "query"] as const) {
  const orig = (wh as any)[m].bind(wh);
  (wh as any)[m] = async (sql: string, params?: unknown) => {
    // EXPLAIN=1: print DuckDB's EXPLAIN ANALYZE of the landing and checking statements first.
    const m2 = process.env.EXPLAIN && /^\s*CREATE TEMP TABLE (_landed|_checked) AS ([\s\S]*)$/.exec(sql);
    if (m2) {
      const r = await wh.connection.runAndReadAll(`EXPLAIN (ANALYZE, FORMAT json) ${m2[2]}`);
      const plan = JSON.parse(String(r.getRows()[0][1]));
      const ops: { t: number; name: string; rows: number; info: string }[] = [];
      const walk = (n: any) => {
        if (n.operator_name) ops.push({ t: n.operator_timing ?? 0, name: n.operator_name, rows: n.operator_cardinality ?? 0, info: JSON.stringify(n.extra_info ?? {}).slice(0, Number(process.env.EXPLAIN_WIDTH ?? 140)) });
        for (const c of n.children ?? []) walk(c);
      };
      walk(plan);
      console.log(`-- EXPLAIN ANALYZE ${m2[1]}: total ${(plan.latency ?? 0).toFixed(3)} s; operators by time:`);
      for (const o of ops.sort((a, b) => b.t - a.t).slice(0, 8)) console.log(`   ${o.t.toFixed(3)} s  ${o.name}  ${o.rows} rows  ${o.info}`);
    }
    const t0 = performance.now();
    try {
      return await orig(sql, params);
    } finally {
      timings.push({ ms: performance.now() - t0, sql: sql.replace(/\s+/g, " ").slice(0, 160) });
    }
  };
}
const t0 = performance.now();
const c0 = process.cpuUsage();
const source = sourceName ? sourceByName(sourceName) : undefined;
const [r] = await runIngest(wh, [file], { root: ROOT, now: () => new Date(), log: () => {} }, { secret: crypto.randomBytes(32), source });
const total = performance.now() - t0;
const cpu = process.cpuUsage(c0);
// LIMITS=1: the two limits of bench/ingest-child.ts for this file, in this process after the load
// (best of 3): read_csv into a TEMP table, and into a table of the warehouse file + COMMIT.
const limits: string[] = [];
if (process.env.LIMITS) {
  const best = async (label: string, sqls: string[]) => {
    let wall = Infinity;
    let cpuS = Infinity;
    for (let i = 0; i < 3; i++) {
      const w0 = performance.now();
      const u0 = process.cpuUsage();
      for (const sql of sqls) await wh.connection.run(sql);
      const u = process.cpuUsage(u0);
      wall = Math.min(wall, (performance.now() - w0) / 1000);
      cpuS = Math.min(cpuS, (u.user + u.system) / 1e6);
    }
    limits.push(`${label}: ${wall.toFixed(2)} s wall, ${cpuS.toFixed(2)} s CPU; ratio ${(wall / (total / 1000)).toFixed(2)} wall, ${(cpuS / ((cpu.user + cpu.system) / 1e6)).toFixed(2)} CPU`);
  };
  const read = `SELECT * FROM read_csv(${literal(file)}, header = true)`;
  await best("limit, read_csv into a TEMP table", [`CREATE OR REPLACE TEMP TABLE _l AS ${read}`, "DROP TABLE _l"]);
  await best("limit, read_csv into the warehouse file + COMMIT", ["BEGIN", `CREATE OR REPLACE TABLE main._l AS ${read}`, "COMMIT", "DROP TABLE main._l"]);
}
wh.close();
const inSql = timings.reduce((a, t) => a + t.ms, 0);
console.log(`${r.rowsIn} rows in ${(total / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`);
console.log(`${timings.length} SQL statements ${(inSql / 1000).toFixed(2)} s; outside SQL (JS: sniffing, hashing, checks of the file) ${((total - inSql) / 1000).toFixed(2)} s`);
if (process.env.EXPLAIN) console.log("(EXPLAIN ANALYZE runs are outside the statements' times but inside the wall total)");
for (const l of limits) console.log(l);
for (const t of timings.sort((a, b) => b.ms - a.ms).slice(0, 12)) console.log(`${t.ms.toFixed(0).padStart(7)} ms  ${t.sql}`);
