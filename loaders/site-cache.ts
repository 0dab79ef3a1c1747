// Per-loader invalidation of Framework's page-data cache. Framework reruns a data loader only when
// its cached output is missing (or older than the loader file), so `kinerja build` removes the cached
// output of exactly the loaders whose inputs changed since they last ran: the content of the
// warehouse tables they read (src/data/lib/inputs.ts), the query results that stand for a table,
// the folders they read, the code they import (followed from the loader file) and the installed
// packages. A loader whose inputs are all unchanged keeps its output; any doubt (no record, a
// loader not declared) reruns it. The site never shows a number computed from older inputs.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { LOADER_INPUTS, type LoaderInputs } from "../src/data/lib/inputs.ts";
import { LOADER_STATE_ENV, lastRun, type SiteMeta } from "../src/data/lib/warehouse.ts";
import { codeDigest, sha, tableDigest } from "./digest.ts";
import type { Warehouse } from "./warehouse/connection.ts";

export function dataCacheDir(root: string): string {
  return path.join(root, "src", ".observablehq", "cache");
}

/** The data loaders Framework runs: src/data/*.ts (not the shared code under src/data/lib). */
export function loaderFiles(root: string): string[] {
  const dir = path.join(root, "src", "data");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.[a-z]+\.ts$/.test(f) && fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/** Every file under a folder (relative names, sorted) with its content hash. */
function folderDigest(dir: string): string {
  if (!fs.existsSync(dir)) return "absent";
  const hash = crypto.createHash("sha256");
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const full = path.join(dir, f);
    if (fs.statSync(full).isFile()) hash.update(`${f}\0`).update(fs.readFileSync(full));
  }
  return hash.digest("hex");
}

/** The tables a declared name stands for ("schema.*" is every table of the schema). */
async function expandTables(wh: Warehouse, name: string): Promise<[string, string][]> {
  const [schema, table] = name.split(".");
  if (table !== "*") return [[schema, table]];
  const rows = await wh.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema]);
  return rows.map((r) => [schema, r.t]);
}

/** Environment variables that change what a loader writes. */
const LOADER_ENV = ["KINERJA_DEMO", "KINERJA_LAPORAN_FINAL", "KINERJA_NARASI"];

function folderPath(root: string, rel: string): string {
  return rel === "data/narasi" && process.env.KINERJA_NARASI ? path.resolve(process.env.KINERJA_NARASI) : path.join(root, rel);
}

/**
 * The cache key of every loader of src/data: a hash of all it reads. null for a loader with no
 * declaration (it always reruns). Each table is digested once, however many loaders read it.
 */
export async function loaderKeys(wh: Warehouse, root: string, inputs: Record<string, LoaderInputs> = LOADER_INPUTS): Promise<Record<string, string | null>> {
  const tables = new Map<string, Promise<string>>();
  const digestTable = (schema: string, table: string) => {
    const k = `${schema}.${table}`;
    if (!tables.has(k)) tables.set(k, tableDigest(wh, schema, table));
    return tables.get(k)!;
  };
  const env = LOADER_ENV.map((v) => `${v}=${process.env[v] ?? ""}`);
  const keys: Record<string, string | null> = {};
  for (const name of loaderFiles(root)) {
    const decl = inputs[name];
    if (!decl) {
      keys[name] = null;
      continue;
    }
    const code = codeDigest([path.join(root, "src", "data", name)], root);
    const tableDigests: string[] = [];
    for (const t of decl.tables) for (const [s, n] of await expandTables(wh, t)) tableDigests.push(`${s}.${n}=${await digestTable(s, n)}`);
    const queryResults: string[] = [];
    for (const q of decl.queries) queryResults.push(JSON.stringify(await wh.query(q), (_k, v) => (typeof v === "bigint" ? String(v) : v)));
    const folders = (decl.folders ?? []).map((f) => `${f}=${folderDigest(folderPath(root, f))}`);
    keys[name] = sha(JSON.stringify({ name, code, tables: tableDigests, queries: queryResults, folders, env }));
  }
  return keys;
}

/**
 * The cached outputs of a loader: its file, and for an archive the members Framework extracted from
 * it; in Framework's cache, or in another cache root (the held cache of loaders/site-run.ts).
 */
export function cachedOutputs(root: string, loader: string, cacheRoot = dataCacheDir(root)): string[] {
  const target = path.join(cacheRoot, "data", loader.replace(/\.ts$/, ""));
  const archive = /\.(zip|tgz|tar|tar\.gz)$/.exec(target);
  // Framework judges an extracted member fresh by the loader file's mtime, not the archive's: the
  // members must go with the archive or they would outlive it.
  return archive ? [target, target.slice(0, archive.index)] : [target];
}

interface LoaderRecord extends Omit<SiteMeta, "demo"> {
  key: string | null;
}

interface CacheState {
  loaders: Record<string, LoaderRecord>;
}

export function stateFile(root: string): string {
  return path.join(dataCacheDir(root), ".loader-inputs.json");
}

function readState(root: string): CacheState {
  try {
    return JSON.parse(fs.readFileSync(stateFile(root), "utf8")) as CacheState;
  } catch {
    return { loaders: {} };
  }
}

export interface Invalidation {
  /** Loaders whose cached output was removed (Framework runs them again). */
  rerun: string[];
  /** Loaders whose output is kept. */
  kept: string[];
}

/**
 * Remove the cached output of every loader whose key differs from the one recorded when its output
 * was made, and record the new keys. A loader that reruns is dated by the last transform and load
 * (its page says "Data diperbarui" with that time); a kept one keeps its date. `cacheRoot`: where the
 * outputs are now (Framework's cache, or the held cache of a build in progress).
 */
export async function invalidateLoaderCaches(
  wh: Warehouse,
  root: string,
  inputs: Record<string, LoaderInputs> = LOADER_INPUTS,
  cacheRoot = dataCacheDir(root),
): Promise<Invalidation> {
  const keys = await loaderKeys(wh, root, inputs);
  const state = readState(root);
  const now = await lastRun(wh);
  const next: CacheState = { loaders: {} };
  const result: Invalidation = { rerun: [], kept: [] };
  for (const [name, key] of Object.entries(keys)) {
    const prev = state.loaders[name];
    if (key !== null && prev?.key === key) {
      next.loaders[name] = prev;
      result.kept.push(name);
      continue;
    }
    for (const out of cachedOutputs(root, name, cacheRoot)) fs.rmSync(out, { recursive: true, force: true });
    next.loaders[name] = { key, ...now };
    result.rerun.push(name);
  }
  // Written after the outputs are gone: a crash in between leaves old keys, and the next build
  // removes again (never the other way round).
  const file = stateFile(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(next, null, 1));
  fs.renameSync(tmp, file);
  return result;
}

/** When each loader's data last changed, as recorded by the last invalidation. */
export function loaderDates(root: string): Record<string, Omit<SiteMeta, "demo">> {
  const { loaders } = readState(root);
  return Object.fromEntries(Object.entries(loaders).map(([n, r]) => [n, { diperbarui: r.diperbarui, dimuat_terakhir: r.dimuat_terakhir }]));
}

/**
 * The environment that tells each loader when its data last changed (see siteMeta): the path of the
 * record, read when the loader runs (a loader started before the invalidation still reads the new one).
 */
export function loaderDatesEnv(root: string): Record<string, string> {
  return { [LOADER_STATE_ENV]: stateFile(root) };
}

/** One line of the build log: which page data is computed again and which is kept. */
export function logInvalidation(r: Invalidation, log: (line: string) => void): void {
  const nama = (l: string[]) => l.map((n) => n.replace(/\.ts$/, "")).join(", ");
  if (r.rerun.length === 0) log(`Data halaman tidak berubah: semua ${r.kept.length} pemuat data memakai hasil tersimpan.`);
  else log(`Data halaman dihitung ulang: ${nama(r.rerun)}${r.kept.length ? `; tetap dari simpanan (masukannya tidak berubah): ${nama(r.kept)}` : ""}.`);
}
