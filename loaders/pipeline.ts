// The steps the CLI runs, with their side effects (clock, console, secret, paths) injected so tests
// can run them silently.
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

export async function runTransform(wh: Warehouse, env: Env, sources: SourceDefinition[] = SOURCES): Promise<TransformResult> {
  const reference = readReference(projectPaths(env.root).referenceDir);
  await wh.transaction(async () => {
    await writeReference(wh, reference);
    for (const s of sources) await ensureSourceTables(wh, s);
  });
  return transform(wh, env.now);
}

/** Rejected share of the rows that were loaded now (unchanged files do not count again). */
export function rejectedShare(results: LoadResult[]): number {
  const fresh = results.filter((r) => r.status === "loaded");
  const rowsIn = fresh.reduce((s, r) => s + r.rowsIn, 0);
  return rowsIn === 0 ? 0 : fresh.reduce((s, r) => s + r.rowsRejected, 0) / rowsIn;
}
