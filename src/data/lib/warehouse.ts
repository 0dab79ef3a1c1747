// Shared by the site's data loaders (Node only, never shipped to the browser): open the warehouse
// read-only, run the loader's queries, close it, and print the page data to stdout.
import fs from "node:fs";
import path from "node:path";
import { Warehouse } from "../../../loaders/warehouse/connection.ts";
import { awaitPrerun } from "./prerun.ts";

export const DB_PATH = process.env.KINERJA_DB ?? "data/warehouse.duckdb";

export async function withReadOnlyWarehouse<T>(fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  // kinerja build may be running this loader in the background already (./prerun.ts): pass that
  // output on and end here, instead of computing it a second time.
  const name = loaderName();
  const ready = name ? await awaitPrerun(name) : null;
  if (ready) {
    await new Promise<void>((resolve, reject) => process.stdout.write(ready, (e) => (e ? reject(e) : resolve())));
    process.exit(0);
  }
  const wh = await Warehouse.open({ path: DB_PATH, readOnly: true });
  if (process.env.KINERJA_QUERY_LOG) logQueries(wh, process.env.KINERJA_QUERY_LOG);
  try {
    return await fn(wh);
  } finally {
    wh.close();
  }
}

/**
 * Append every statement this loader runs to `file` (one JSON string a line). Used by the test that
 * checks each loader's declared inputs (./inputs.ts) against what it really queries.
 */
function logQueries(wh: Warehouse, file: string): void {
  const log = (sql: string) => fs.appendFileSync(file, `${JSON.stringify(sql)}\n`);
  const { query, exec } = wh;
  wh.query = ((sql: string, params?: Parameters<Warehouse["query"]>[1]) => (log(sql), query.call(wh, sql, params))) as Warehouse["query"];
  wh.exec = (sql: string) => (log(sql), exec.call(wh, sql));
}

/** The name of the data loader this process runs (e.g. "site.json.ts"), or null outside a loader. */
export function loaderName(argv1 = process.argv[1]): string | null {
  return argv1 && /[\\/]src[\\/]data[\\/][^\\/]+\.ts$/.test(argv1) ? path.basename(argv1) : null;
}

/**
 * When each loader's inputs last changed, set by `kinerja build` (loaders/site-cache.ts) for the
 * loaders it runs: { "site.json.ts": { diperbarui, dimuat_terakhir } }. Absent in `npm run dev`.
 */
export const LOADER_DATES_ENV = "KINERJA_LOADER_DATES";
/** Or the path of the record itself (.loader-inputs.json in Framework's cache: { loaders: { name: dates } }). */
export const LOADER_STATE_ENV = "KINERJA_LOADER_STATE";

function loaderDates(env = process.env): Record<string, Omit<SiteMeta, "demo">> {
  if (env[LOADER_DATES_ENV]) return JSON.parse(env[LOADER_DATES_ENV]) as Record<string, Omit<SiteMeta, "demo">>;
  if (!env[LOADER_STATE_ENV] || !fs.existsSync(env[LOADER_STATE_ENV])) return {};
  return (JSON.parse(fs.readFileSync(env[LOADER_STATE_ENV], "utf8")) as { loaders: Record<string, Omit<SiteMeta, "demo">> }).loaders;
}

/** What every page needs for its banner and its "tanggal pembaruan". */
export interface SiteMeta {
  /** True while the loaded files are the synthetic demo exports (a folder named like "sample"). */
  demo: boolean;
  /**
   * ISO timestamp of the transform that last changed what this page shows (kinerja build records it
   * per data loader); outside a build, the last transform run.
   */
  diperbarui: string | null;
  /** ISO timestamp of the last finished load when this page's data last changed (outside a build: the last load). */
  dimuat_terakhir: string | null;
}

/**
 * The demo flag is derived from the ledger, not configured: the data is demo data when any load that
 * is still current came from a folder named "sample" (data/sample/ is where `kinerja demo` writes) or
 * from a file named like the demo README says. The page data's cache key hashes this query's result.
 */
export const DEMO_SQL = `SELECT bool_or(regexp_matches(replace(file, '\\', '/'), '(^|/)[^/]*sample[^/]*/')) AS demo FROM meta.loads WHERE status = 'loaded'`;

/** KINERJA_DEMO=0|1 overrides the ledger's demo flag for a deployment. */
export function demoFlag(fromLedger: boolean | null): boolean {
  const env = process.env.KINERJA_DEMO;
  return env === "1" ? true : env === "0" ? false : Boolean(fromLedger);
}

export async function siteMeta(wh: Warehouse): Promise<SiteMeta> {
  const { demo } = await wh.one<{ demo: boolean | null }>(DEMO_SQL);
  const name = loaderName();
  const dates = name ? loaderDates()[name] : undefined;
  if (dates) return { demo: demoFlag(demo), diperbarui: dates.diperbarui, dimuat_terakhir: dates.dimuat_terakhir };
  return { demo: demoFlag(demo), ...(await lastRun(wh)) };
}

/** The last transform and the last load (ISO), as `kinerja build` records them for a loader whose inputs changed. */
export async function lastRun(wh: Warehouse): Promise<Omit<SiteMeta, "demo">> {
  const r = await wh.one<{ diperbarui: Date | string | null; dimuat: Date | string | null }>(
    `SELECT (SELECT max(finished) FROM meta.transforms) AS diperbarui, (SELECT max(finished) FROM meta.loads) AS dimuat`,
  );
  const iso = (v: Date | string | null) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString());
  return { diperbarui: iso(r.diperbarui), dimuat_terakhir: iso(r.dimuat) };
}

/** Counts of people between 1 and 4 are never published (DESIGN §7): they become null. */
export function suppress(n: number | null | undefined): number | null {
  if (n == null) return null;
  return n > 0 && n < 5 ? null : n;
}

export function writeJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value));
}
