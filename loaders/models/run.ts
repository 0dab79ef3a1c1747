// Run the models in dependency order, in one transaction, then the data tests. A model's path names
// its table (core/skm_respon.sql -> core.skm_respon) and its dependencies are the core.* / mart.*
// tables its file mentions, as dbt infers them from ref(). A .sql model holds one SELECT. A .ts model
// (like a dbt Python model: statistics that need TypeScript distribution functions) default-exports
// `build(wh, table)`, which must create or replace `table`; the tables it reads must be named in its file.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Warehouse } from "../warehouse/connection.ts";
import { compileTests, MODEL_TESTS, type ModelTests } from "./tests.ts";
import { catatRevisi } from "../revisions/revisi.ts";
import { codeDigest, sha, tableDigest } from "../digest.ts";

export const MODELS_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface Model {
  name: string;
  /** The SELECT of a .sql model; empty for a .ts model. */
  sql: string;
  dependsOn: string[];
  /** Set for a .ts model: the module whose default export builds the table. */
  module?: string;
}

export type TsModelBuild = (wh: Warehouse, table: string) => Promise<void>;

export class DataTestError extends Error {
  constructor(
    readonly failures: { model: string; test: string; rows: number; sample: Record<string, unknown>[] }[],
  ) {
    super(
      "Uji data gagal setelah transformasi:\n" +
        failures
          .map((f) => `  ${f.model}: ${f.test}: ${f.rows} baris gagal, contoh: ${JSON.stringify(f.sample.slice(0, 3))}`)
          .join("\n"),
    );
    this.name = "DataTestError";
  }
}

export function readModels(dir = MODELS_DIR): Model[] {
  const models: Model[] = [];
  for (const layer of ["core", "mart"]) {
    const layerDir = path.join(dir, layer);
    const files = fs.readdirSync(layerDir).filter((f) => f.endsWith(".sql") || (f.endsWith(".ts") && !f.endsWith(".test.ts")));
    for (const file of files.sort()) {
      const isTs = file.endsWith(".ts");
      const name = `${layer}.${file.replace(/\.(sql|ts)$/, "")}`;
      const text = fs.readFileSync(path.join(layerDir, file), "utf8");
      const code = isTs ? text : text.replace(/--.*$/gm, "");
      const deps = new Set([...code.matchAll(/\b(core|mart)\.([a-z_][a-z0-9_]*)/g)].map((m) => `${m[1]}.${m[2]}`));
      deps.delete(name);
      if (models.some((m) => m.name === name)) throw new Error(`model ${name} is defined twice (.sql and .ts)`);
      models.push(isTs ? { name, sql: "", dependsOn: [...deps].sort(), module: path.join(layerDir, file) } : { name, sql: text, dependsOn: [...deps].sort() });
    }
  }
  return models;
}

/** Kahn's algorithm; ties broken by name so the order is stable. */
export function orderModels(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  for (const m of models)
    for (const d of m.dependsOn)
      if (!byName.has(d)) throw new Error(`model ${m.name} depends on ${d}, which has no model file`);
  const done = new Set<string>();
  const out: Model[] = [];
  while (out.length < models.length) {
    const ready = models.filter((m) => !done.has(m.name) && m.dependsOn.every((d) => done.has(d)));
    if (ready.length === 0)
      throw new Error(`dependency cycle among: ${models.filter((m) => !done.has(m.name)).map((m) => m.name).join(", ")}`);
    ready.sort((a, b) => a.name.localeCompare(b.name));
    out.push(ready[0]);
    done.add(ready[0].name);
  }
  return out;
}

export async function runDataTests(wh: Warehouse, tests: ModelTests[] = MODEL_TESTS): Promise<number> {
  const failures: DataTestError["failures"] = [];
  let count = 0;
  for (const t of tests)
    for (const test of compileTests(t)) {
      count++;
      const rows = await wh.query(`SELECT * FROM (${test.sql}) LIMIT 5`);
      if (rows.length > 0) {
        const { n } = await wh.one<{ n: number }>(`SELECT count(*) AS n FROM (${test.sql})`);
        failures.push({ model: t.model, test: test.name, rows: n, sample: rows });
      }
    }
  if (failures.length) throw new DataTestError(failures);
  return count;
}

export interface TransformResult {
  runId: number;
  models: string[];
  /** The models built by this run; the others kept their table (nothing they read had changed). */
  rebuilt: string[];
  tests: number;
}

export interface TransformOptions {
  /** Rebuild every model, whatever the recorded inputs say. */
  full?: boolean;
}

const MODEL_INPUTS_TABLE = `CREATE TABLE IF NOT EXISTS meta.model_inputs (model VARCHAR PRIMARY KEY, digest VARCHAR NOT NULL, run_id INTEGER NOT NULL)`;
const PROJECT_ROOT = path.resolve(MODELS_DIR, "..", "..");

/**
 * What each model's table is a function of, as one digest per model (like dbt's state:modified+):
 * its own code (a .ts model with every project module it imports), the macros, the installed packages
 * (DuckDB's version), the content of the raw.* and ref.* tables its file names, and the digests of
 * the models it depends on. Models are deterministic (the rank simulation is seeded, no clock), so a
 * model whose digest equals the one recorded when its table was built would build the same table.
 */
export async function modelDigests(wh: Warehouse, models: Model[], macros: string): Promise<Map<string, string>> {
  const lock = path.join(PROJECT_ROOT, "package-lock.json");
  const packages = fs.existsSync(lock) ? sha(fs.readFileSync(lock)) : "";
  const tables = new Map<string, string>();
  const out = new Map<string, string>();
  for (const m of orderModels(models)) {
    const code = m.module ? codeDigest([fs.realpathSync(m.module)], PROJECT_ROOT) : sha(m.sql);
    const text = m.module ? fs.readFileSync(m.module, "utf8") : m.sql.replace(/--.*$/gm, "");
    // The macros are part of every model, and may read tables too (ref.status_capaian).
    const sources = [...new Set([...`${text}\n${macros}`.matchAll(/\b(raw|ref)\.([a-z_][a-z0-9_]*)/g)].map((x) => `${x[1]}.${x[2]}`))].sort();
    const read: string[] = [];
    for (const t of sources) {
      if (!tables.has(t)) tables.set(t, await tableDigest(wh, ...(t.split(".") as [string, string])));
      read.push(`${t}=${tables.get(t)}`);
    }
    out.set(m.name, sha(JSON.stringify({ name: m.name, code, macros: sha(macros), packages, read, upstream: m.dependsOn.map((d) => out.get(d)) })));
  }
  return out;
}

/**
 * Build core.* and mart.*; all or nothing. Reference data and source tables must exist. A model
 * whose inputs are unchanged since its table was built keeps it (see modelDigests); the data tests
 * always run on every model.
 */
export async function transform(wh: Warehouse, now: () => Date, dir = MODELS_DIR, tests: ModelTests[] = MODEL_TESTS, options: TransformOptions = {}): Promise<TransformResult> {
  const models = orderModels(readModels(dir));
  const macros = fs.readFileSync(path.join(dir, "macros.sql"), "utf8");
  const started = now();
  return wh.transaction(async () => {
    await wh.exec(macros);
    await wh.exec(MODEL_INPUTS_TABLE);
    const digests = await modelDigests(wh, models, macros);
    const recorded = new Map(
      (await wh.query<{ model: string; digest: string }>(`SELECT model, digest FROM meta.model_inputs`)).map((r) => [r.model, r.digest]),
    );
    const existing = new Set(
      (await wh.query<{ t: string }>(`SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema IN ('core', 'mart')`)).map((r) => r.t),
    );
    const rebuilt: string[] = [];
    for (const m of models) {
      if (!options.full && existing.has(m.name) && recorded.get(m.name) === digests.get(m.name)) continue;
      rebuilt.push(m.name);
      try {
        if (m.module) {
          // Real path: a symlinked model (a test's copy of the models) must resolve its relative imports
          // from where it really lives.
          const build = ((await import(pathToFileURL(fs.realpathSync(m.module)).href)) as { default: TsModelBuild }).default;
          await build(wh, m.name);
        } else await wh.exec(`CREATE OR REPLACE TABLE ${m.name} AS ${m.sql}`);
      } catch (e) {
        throw new Error(`model ${m.name} gagal: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const testCount = await runDataTests(wh, tests);
    const { id } = await wh.one<{ id: number }>(`SELECT nextval('meta.transform_seq') AS id`);
    await catatRevisi(wh, id, now());
    await wh.query(
      `INSERT INTO meta.transforms VALUES ($1, $2::TIMESTAMPTZ, $3::TIMESTAMPTZ, $4, $5, (SELECT max(load_id) FROM meta.loads))`,
      [id, started.toISOString(), now().toISOString(), models.length, testCount],
    );
    // Every model's table now matches its digest (kept or built): record them for the next run.
    await wh.exec(`DELETE FROM meta.model_inputs`);
    for (const m of models) await wh.query(`INSERT INTO meta.model_inputs VALUES ($1, $2, $3)`, [m.name, digests.get(m.name)!, id]);
    return { runId: id, models: models.map((m) => m.name), rebuilt, tests: testCount };
  });
}
