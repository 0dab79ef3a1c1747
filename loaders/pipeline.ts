// The steps the CLI runs, with their side effects (clock, console, secret, paths) injected so tests
// can run them silently.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ingest, type IngestOptions } from "./ingest/run.ts";
import { ensureSourceTables, type LoadResult } from "./ingest/load.ts";
import { readReference, writeReference } from "./ingest/reference.ts";
import { loadOrCreateSecret } from "./ingest/pseudonym.ts";
import { transform, type TransformResult } from "./models/run.ts";
import { SOURCES } from "./sources/index.ts";
import type { SourceDefinition } from "./ingest/source.ts";
import type { Warehouse } from "./warehouse/connection.ts";

export interface Env {
  root: string;
  now: () => Date;
  log: (line: string) => void;
}

export function projectPaths(root: string) {
  return {
    referenceDir: path.join(root, "data", "reference"),
    sampleDir: path.join(root, "data", "sample"),
    defaultDb: path.join(root, "data", "warehouse.duckdb"),
    secretFile: process.env.KINERJA_SECRET_FILE ?? path.join(root, "data", ".secret"),
  };
}

/** Today's date in Asia/Jakarta as yyyy-mm-dd. */
export function todayWib(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(now);
}

export async function runIngest(
  wh: Warehouse,
  paths: string[],
  env: Env,
  extra: Partial<Pick<IngestOptions, "source" | "onFileStart" | "onProgress">> & { secret?: Buffer } = {},
): Promise<LoadResult[]> {
  const p = projectPaths(env.root);
  return ingest(wh, paths, {
    referenceDir: p.referenceDir,
    secret: extra.secret ?? loadOrCreateSecret(p.secretFile),
    today: todayWib(env.now()),
    now: env.now,
    sources: SOURCES,
    source: extra.source,
    root: env.root,
    onFileStart: extra.onFileStart,
    onProgress: extra.onProgress,
  });
}

/**
 * What a transform is a function of: the ledger (every load and its status), the row count of every
 * raw.* table, the reference data, and the code the models run (loaders/**: SQL and TypeScript models,
 * the statistics they import, revision bookkeeping; tests excepted).
 */
export async function transformInputs(wh: Warehouse, root: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  const loads = await wh.one<{ s: string | null }>(`SELECT string_agg(load_id || ':' || status || ':' || sha256, ',' ORDER BY load_id) AS s FROM meta.loads`);
  hash.update(`loads\0${loads.s ?? ""}\0`);
  const raws = await wh.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1`);
  for (const { t } of raws) {
    const { n } = await wh.one<{ n: number }>(`SELECT count(*) AS n FROM raw."${t.replace(/"/g, '""')}"`);
    hash.update(`raw.${t}\0${n}\0`);
  }
  for (const dir of [path.join(root, "loaders"), projectPaths(root).referenceDir]) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
      if (!/\.(sql|ts|csv|json)$/.test(f) || /\.test\.ts$/.test(f) || f.split(path.sep).includes("fixtures")) continue;
      const full = path.join(dir, f);
      if (fs.statSync(full).isFile()) hash.update(`${f}\0`).update(fs.readFileSync(full));
    }
  }
  return hash.digest("hex");
}

const INPUTS_TABLE = `CREATE TABLE IF NOT EXISTS meta.transform_inputs (run_id INTEGER NOT NULL, inputs VARCHAR NOT NULL)`;

export interface TransformRun extends TransformResult {
  /** True when the transform was skipped: nothing it reads had changed since run `runId`. */
  skipped: boolean;
}

/**
 * Write reference data and rebuild core.* and mart.*. With `skipWhenUnchanged`, nothing is done when
 * the latest transform ran on exactly the same inputs (transformInputs): no load since, same
 * reference data, same model code. Every transform records its inputs for that comparison.
 */
export async function runTransform(
  wh: Warehouse,
  env: Env,
  sources: SourceDefinition[] = SOURCES,
  options: { skipWhenUnchanged?: boolean; full?: boolean } = {},
): Promise<TransformRun> {
  await wh.transaction(async () => {
    await wh.exec(INPUTS_TABLE);
    for (const s of sources) await ensureSourceTables(wh, s);
  });
  const inputs = await transformInputs(wh, env.root);
  if (options.skipWhenUnchanged) {
    const last = await wh.query<{ run_id: number; models: number; tests: number }>(
      `SELECT t.run_id, t.models, t.tests FROM meta.transforms t JOIN meta.transform_inputs i USING (run_id)
       WHERE t.run_id = (SELECT max(run_id) FROM meta.transforms) AND i.inputs = $1`,
      [inputs],
    );
    if (last.length > 0) {
      env.log(`Transformasi dilewati: tidak ada muatan baru, model dan data referensi tidak berubah sejak transformasi #${last[0].run_id}.`);
      return { runId: last[0].run_id, models: [], rebuilt: [], tests: last[0].tests, skipped: true };
    }
  }
  const reference = readReference(projectPaths(env.root).referenceDir);
  await wh.transaction(() => writeReference(wh, reference));
  const result = await transform(wh, env.now, undefined, undefined, { full: options.full });
  await wh.query(`INSERT INTO meta.transform_inputs VALUES ($1, $2)`, [result.runId, inputs]);
  return { ...result, skipped: false };
}

/** The log line of a transform that ran: how many models were built again and how many kept. */
export function transformSummary(r: TransformResult): string {
  const kept = r.models.length - r.rebuilt.length;
  const detail = kept === 0 ? "semua dibangun" : `${r.rebuilt.length} dibangun ulang, ${kept} tetap karena masukannya tidak berubah`;
  return `Transformasi #${r.runId}: ${r.models.length} model (${detail}), ${r.tests} uji data lulus.`;
}

/** Rejected share of the rows that were loaded now (unchanged files do not count again). */
export function rejectedShare(results: LoadResult[]): number {
  const fresh = results.filter((r) => r.status === "loaded");
  const rowsIn = fresh.reduce((s, r) => s + r.rowsIn, 0);
  return rowsIn === 0 ? 0 : fresh.reduce((s, r) => s + r.rowsRejected, 0) / rowsIn;
}
