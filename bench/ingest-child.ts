// One ingest measurement in its own process: for each source folder of DATA, the time of DuckDB's
// own read_csv of the same files (the physical limit) and of the validated ingest, in the same
// DuckDB instance and the same run. Prints one JSON line.
//
//   tsx bench/ingest-child.ts DATA DB
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Warehouse } from "../loaders/warehouse/connection.ts";
import { runIngest } from "../loaders/pipeline.ts";
import { listFiles } from "../loaders/ingest/run.ts";
import { literal } from "../loaders/ingest/sql.ts";
import { SOURCES } from "../loaders/sources/index.ts";
import { ROOT } from "./lib.ts";

const [data, db] = process.argv.slice(2);
for (const f of [db, `${db}.wal`]) fs.rmSync(f, { force: true });
const env = { root: ROOT, now: () => new Date(), log: () => {} };
const secret = crypto.randomBytes(32);

/** The limit: DuckDB reads and types every column of the file into a table, nothing else. */
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
let limitCpu = Infinity;
async function readCsvSeconds(wh: Warehouse, files: string[]): Promise<number> {
  const t0 = performance.now();
  const c0 = cpuNow();
  for (const f of files) {
    await wh.exec(`CREATE OR REPLACE TEMP TABLE _bench_limit AS SELECT * FROM read_csv(${literal(f)}, header = true)`);
    await wh.exec(`DROP TABLE _bench_limit`);
  }
  limitCpu = Math.min(limitCpu, cpuNow() - c0);
  return (performance.now() - t0) / 1000;
}

/** The limit the loader really faces: read_csv into a persisted table of the same warehouse file,
 *  in an explicit transaction that is committed (the loader writes raw rows to the file and commits). */
let persistedCpu = Infinity;
async function readCsvPersistedSeconds(wh: Warehouse, files: string[]): Promise<number> {
  const t0 = performance.now();
  const c0 = cpuNow();
  for (const f of files) {
    await wh.exec("BEGIN TRANSACTION");
    await wh.exec(`CREATE OR REPLACE TABLE main._bench_limit_persisted AS SELECT * FROM read_csv(${literal(f)}, header = true)`);
    await wh.exec("COMMIT");
    await wh.exec(`DROP TABLE main._bench_limit_persisted`);
  }
  persistedCpu = Math.min(persistedCpu, cpuNow() - c0);
  return (performance.now() - t0) / 1000;
}

async function countSeconds(wh: Warehouse, files: string[]): Promise<number> {
  const t0 = performance.now();
  for (const f of files) await wh.query(`SELECT count(*) FROM read_csv(${literal(f)}, header = true)`);
  return (performance.now() - t0) / 1000;
}

const wh = await Warehouse.open({ path: db, command: "bench" });
const out: unknown[] = [];
const t0 = performance.now();
try {
  for (const dir of fs.readdirSync(data).sort()) {
    const source = SOURCES.find((s) => s.folders.includes(dir));
    if (!source || !fs.statSync(path.join(data, dir)).isDirectory()) continue;
    const files = listFiles([path.join(data, dir)]).filter((f) => !/\.xlsx$/i.test(f));
    if (files.length === 0) continue;
    const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
    // Limit measured before and after the ingest; the faster run counts (it is the limit).
    limitCpu = Infinity;
    persistedCpu = Infinity;
    const limitBefore = await readCsvSeconds(wh, files);
    const persistedBefore = await readCsvPersistedSeconds(wh, files);
    const count = await countSeconds(wh, files);
    const i0 = performance.now();
    const ic0 = cpuNow();
    const results = await runIngest(wh, files, env, { secret, source });
    const ingest = (performance.now() - i0) / 1000;
    const ingestCpu = cpuNow() - ic0;
    const limitAfter = await readCsvSeconds(wh, files);
    const persistedAfter = await readCsvPersistedSeconds(wh, files);
    const persisted = Math.min(persistedBefore, persistedAfter);
    const rows = results.reduce((s, r) => s + r.rowsIn, 0);
    const limit = Math.min(limitBefore, limitAfter);
    out.push({
      source: source.name,
      files: files.length,
      rows,
      rowsOk: results.reduce((s, r) => s + r.rowsOk, 0),
      mb: +(bytes / 1e6).toFixed(1),
      ingestSeconds: +ingest.toFixed(3),
      readCsvSeconds: +limit.toFixed(3),
      readCsvSecondsRuns: [+limitBefore.toFixed(3), +limitAfter.toFixed(3)],
      readCsvPersistedSeconds: +persisted.toFixed(3),
      readCsvPersistedSecondsRuns: [+persistedBefore.toFixed(3), +persistedAfter.toFixed(3)],
      readCsvPersistedCpuSeconds: +persistedCpu.toFixed(3),
      ratioPersisted: +(persisted / ingest).toFixed(3),
      cpuRatioPersisted: +(persistedCpu / ingestCpu).toFixed(3),
      countSeconds: +count.toFixed(3),
      ingestRowsPerSec: Math.round(rows / ingest),
      readCsvRowsPerSec: Math.round(rows / limit),
      ratio: +(limit / ingest).toFixed(3),
      ingestCpuSeconds: +ingestCpu.toFixed(3),
      readCsvCpuSeconds: +limitCpu.toFixed(3),
      cpuRatio: +(limitCpu / ingestCpu).toFixed(3),
    });
  }
} finally {
  wh.close();
}
console.log(
  JSON.stringify({
    sources: out,
    seconds: +((performance.now() - t0) / 1000).toFixed(2),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    dbMiB: Math.round(fs.statSync(db).size / 2 ** 20),
  }),
);
