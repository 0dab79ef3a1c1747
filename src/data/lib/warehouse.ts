// Shared by the site's data loaders (Node only, never shipped to the browser): open the warehouse
// read-only, run the loader's queries, close it, and print the page data to stdout.
import { Warehouse } from "../../../loaders/warehouse/connection.ts";

export const DB_PATH = process.env.KINERJA_DB ?? "data/warehouse.duckdb";

export async function withReadOnlyWarehouse<T>(fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await Warehouse.open({ path: DB_PATH, readOnly: true });
  try {
    return await fn(wh);
  } finally {
    wh.close();
  }
}

/** What every page needs for its banner and its "tanggal pembaruan". */
export interface SiteMeta {
  /** True while the loaded files are the synthetic demo exports (a folder named like "sample"). */
  demo: boolean;
  /** ISO timestamp of the last transform run (the moment the marts were rebuilt). */
  diperbarui: string | null;
  /** ISO timestamp of the last finished load. */
  dimuat_terakhir: string | null;
}

/**
 * The demo flag is derived from the ledger, not configured: the data is demo data when any load that
 * is still current came from a folder named "sample" (data/sample/ is where `kinerja demo` writes) or
 * from a file named like the demo README says. KINERJA_DEMO=0|1 overrides it for a deployment.
 */
export async function siteMeta(wh: Warehouse): Promise<SiteMeta> {
  const r = await wh.one<{ demo: boolean | null; diperbarui: Date | string | null; dimuat: Date | string | null }>(
    `SELECT
       (SELECT bool_or(regexp_matches(replace(file, '\\', '/'), '(^|/)[^/]*sample[^/]*/')) FROM meta.loads WHERE status = 'loaded') AS demo,
       (SELECT max(finished) FROM meta.transforms) AS diperbarui,
       (SELECT max(finished) FROM meta.loads) AS dimuat`,
  );
  const env = process.env.KINERJA_DEMO;
  const demo = env === "1" ? true : env === "0" ? false : Boolean(r.demo);
  const iso = (v: Date | string | null) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString());
  return { demo, diperbarui: iso(r.diperbarui), dimuat_terakhir: iso(r.dimuat) };
}

/** Counts of people between 1 and 4 are never published (DESIGN §7): they become null. */
export function suppress(n: number | null | undefined): number | null {
  if (n == null) return null;
  return n > 0 && n < 5 ? null : n;
}

export function writeJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value));
}
