// Shared test helpers: silent environment, temp folders, in-memory warehouses with the project's
// reference data, and a search of every table of a warehouse for personal text.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Warehouse } from "../loaders/warehouse/connection.ts";
import { readReference, writeReference } from "../loaders/ingest/reference.ts";
import { loadFile, type LoadResult } from "../loaders/ingest/load.ts";
import type { SourceDefinition } from "../loaders/ingest/source.ts";
import type { Env } from "../loaders/pipeline.ts";
import { literal } from "../loaders/ingest/sql.ts";
import { MODELS_DIR } from "../loaders/models/run.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REFERENCE_DIR = path.join(ROOT, "data", "reference");

/** A fixed secret: pseudonyms are reproducible inside a test, never the real local secret. */
export const SECRET = crypto.createHash("sha256").update("kinerja-pariaman-test-secret").digest();

/** A fixed clock: 2026-01-15 10:00 WIB. */
export const NOW = new Date("2026-01-15T03:00:00Z");
export const TODAY = "2026-01-15";

export function silentEnv(lines: string[] = []): Env {
  return { root: ROOT, now: () => NOW, log: (l) => void lines.push(l) };
}

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = "kinerja-test-"): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** An in-memory warehouse with ref.* written from data/reference (or another folder). */
export async function memoryWarehouse(referenceDir: string | null = REFERENCE_DIR): Promise<Warehouse> {
  const wh = await Warehouse.open({ path: ":memory:" });
  if (referenceDir) {
    const ref = readReference(referenceDir);
    await wh.transaction(() => writeReference(wh, ref));
  }
  return wh;
}

/** Load one file with the test secret and clock; the ledger name is the file's base name. */
export function load(wh: Warehouse, source: SourceDefinition, file: string, displayName = path.basename(file)): Promise<LoadResult> {
  return loadFile(wh, source, file, { secret: SECRET, today: TODAY, now: () => NOW, displayName });
}

export interface QuarantineRow {
  file: string;
  baris: number;
  kolom: string | null;
  aturan: string;
  nilai: string | null;
}

export async function quarantine(wh: Warehouse, source: string): Promise<QuarantineRow[]> {
  return wh.query<QuarantineRow>(`SELECT file, baris, kolom, aturan, nilai FROM quarantine.${source} ORDER BY baris, kolom`);
}

/**
 * Every table with a cell whose text contains one of `needles` (case-insensitive), over every table
 * of every schema, each column cast to VARCHAR.
 */
export async function findTextAnywhere(wh: Warehouse, needles: string[]): Promise<string[]> {
  const tables = await wh.query<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables ORDER BY 1, 2`,
  );
  const list = `[${needles.map((n) => literal(n.toLowerCase())).join(", ")}]::VARCHAR[]`;
  const hits: string[] = [];
  for (const { s, t } of tables) {
    const cols = await wh.query<{ c: string }>(
      `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
      [s, t],
    );
    if (cols.length === 0) continue;
    // Every column cast to VARCHAR, joined by a separator no needle contains: one pass per table.
    const text = `lower(concat_ws(chr(31), ${cols.map(({ c }) => `CAST("${c.replace(/"/g, '""')}" AS VARCHAR)`).join(", ")}))`;
    const found = await wh.query<{ needle: string }>(
      `SELECT DISTINCT n.needle FROM (SELECT ${text} AS txt FROM "${s}"."${t}") r, (SELECT unnest(${list}) AS needle) n
       WHERE contains(r.txt, n.needle) ORDER BY 1`,
    );
    for (const f of found) hits.push(`${s}.${t} contains ${JSON.stringify(f.needle)}`);
  }
  return hits;
}

/** The number of base tables searched by findTextAnywhere (to prove the search saw the warehouse). */
export async function tableCount(wh: Warehouse): Promise<number> {
  const { n } = await wh.one<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables`);
  return n;
}

/** Write a text file (creating folders) and return its path. */
export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** A copy of the project's models in `dir` to edit in a test: .sql files copied, .ts models symlinked (their imports resolve where they live). */
export function copyModels(dir: string): void {
  fs.cpSync(MODELS_DIR, dir, { recursive: true, filter: (src) => !src.endsWith(".ts") });
  for (const layer of ["core", "mart"])
    for (const f of fs.readdirSync(path.join(MODELS_DIR, layer)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")))
      fs.symlinkSync(path.join(MODELS_DIR, layer, f), path.join(dir, layer, f));
}
