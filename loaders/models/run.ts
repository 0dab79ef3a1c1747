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
  tests: number;
}

/** Rebuild core.* and mart.*; all or nothing. Reference data and source tables must exist. */
export async function transform(wh: Warehouse, now: () => Date, dir = MODELS_DIR, tests: ModelTests[] = MODEL_TESTS): Promise<TransformResult> {
  const models = orderModels(readModels(dir));
  const macros = fs.readFileSync(path.join(dir, "macros.sql"), "utf8");
  const started = now();
  return wh.transaction(async () => {
    await wh.exec(macros);
    for (const m of models) {
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
    return { runId: id, models: models.map((m) => m.name), tests: testCount };
  });
}
