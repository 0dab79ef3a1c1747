// Build and serve the Observable Framework site. Framework reruns a data loader only when its
// cached output is missing, so `kinerja build` first removes the cached output of every loader whose
// inputs changed (loaders/site-cache.ts): the site never publishes stale numbers, and a build after a
// small change reruns only the loaders that read what changed.
import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import sirv from "sirv";
import { precompressDist } from "./site-compress.ts";
import { PRERUN_ENV, prerunPaths } from "../src/data/lib/prerun.ts";
import { dataCacheDir, loaderDatesEnv, loaderFiles } from "./site-cache.ts";
import { fixDist } from "./site-html.ts";
import type { Warehouse } from "./warehouse/connection.ts";

/**
 * What the site's data is a function of, coarsely: the live loads of the ledger, the SQL models, the
 * reference data, the commentary files (data/narasi), the report-pack code (reports/) and the data
 * loaders. Part of the stamp of the whole site (siteStamp): none of them changed → no rebuild.
 */
export async function warehouseFingerprint(wh: Warehouse, root: string): Promise<string> {
  const r = await wh.one<{ loads: string | null }>(
    `SELECT string_agg(load_id || ':' || status, ',' ORDER BY load_id) AS loads FROM meta.loads`,
  );
  const hash = crypto.createHash("sha256");
  hash.update(path.resolve(wh.path)).update(r.loads ?? "");
  for (const dir of [path.join(root, "loaders", "models"), path.join(root, "data", "reference"), path.join(root, "src", "data"), path.join(root, "data", "narasi"), path.join(root, "loaders", "narasi"), path.join(root, "loaders", "revisions"), path.join(root, "reports")]) {
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
      const full = path.join(dir, file);
      if (/\.(sql|csv|ts|js|md)$/.test(file) && fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
    }
  }
  return hash.digest("hex");
}

/** Files under `dir` (relative, sorted), skipping Framework's cache, tests and dotfiles. */
function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => !f.split(path.sep).some((part) => part.startsWith(".") || part === "node_modules") && !/\.test\.ts$/.test(f))
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/**
 * What the built site is a function of: the page data's fingerprint (loads, models, reference data,
 * commentary, data loaders), and everything else a build reads: the pages and components (src/), the
 * code they or the data loaders may import (loaders/, tests excepted), the Framework config, the
 * installed packages (package.json, package-lock.json). Anything else changed → a full build.
 */
export function siteStamp(root: string, fingerprint: string): string {
  const hash = crypto.createHash("sha256").update(fingerprint);
  for (const dir of ["src", "loaders"])
    for (const f of sourceFiles(path.join(root, dir))) hash.update(`${dir}/${f}\0`).update(fs.readFileSync(path.join(root, dir, f)));
  for (const f of ["observablehq.config.ts", "package.json", "package-lock.json"]) {
    const full = path.join(root, f);
    hash.update(`${f}\0`).update(fs.existsSync(full) ? fs.readFileSync(full) : "");
  }
  return hash.digest("hex");
}

/** Every file of dist/ with its size and modification time: a build that was altered or cut short differs. */
function distListing(dist: string): string {
  return sourceFiles(dist)
    .map((f) => {
      const st = fs.statSync(path.join(dist, f));
      return `${f}\t${st.size}\t${Math.round(st.mtimeMs)}`;
    })
    .join("\n");
}

interface BuildRecord {
  stamp: string;
  listing: string;
}

/** The record of the last successful build: next to dist/, not in it (nothing of it is published). */
export function buildRecordFile(root: string): string {
  return path.join(root, "src", ".observablehq", "build-stamp.json");
}

/**
 * Whether `observable build` has nothing to do: the last successful build had the same stamp and
 * dist/ still holds exactly the files it wrote, unmodified.
 */
export function siteUpToDate(root: string, stamp: string): boolean {
  const file = buildRecordFile(root);
  const dist = path.join(root, "dist");
  if (!fs.existsSync(file) || !fs.existsSync(path.join(dist, "index.html"))) return false;
  try {
    const rec = JSON.parse(fs.readFileSync(file, "utf8")) as BuildRecord;
    return rec.stamp === stamp && rec.listing === distListing(dist);
  } catch {
    return false;
  }
}

function recordBuild(root: string, stamp: string): void {
  const file = buildRecordFile(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ stamp, listing: distListing(path.join(root, "dist")) } satisfies BuildRecord));
  fs.renameSync(tmp, file);
}

/** Run a Node script (TypeScript through tsx) in `root`; resolves with its exit code and output. */
function runNode(root: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): { child: ChildProcess; done: Promise<{ code: number | null; output: string }> } {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let partial = "";
  const take = (d: Buffer) => {
    output += d;
    if (!onLine) return;
    const lines = (partial + d).split("\n");
    partial = lines.pop() ?? "";
    for (const l of lines) onLine(l);
  };
  child.stdout.on("data", take);
  child.stderr.on("data", take);
  const done = new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
  return { child, done };
}

/** The order Framework asks for page data: the download page while it loads the pages, then the rest. */
function byNeed(a: string, b: string): number {
  const rank = (n: string) => (n.endsWith(".md.ts") ? 0 : 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** The report archive: by far the slowest loader, and Framework waits for it while loading /data/laporan. */
const SLOW_LOADER = "laporan.zip.ts";

/**
 * Run `observable build` in a child process. The data loaders whose output is missing from
 * Framework's cache run beside it in two background processes (loaders/site-prerun.ts: one start-up
 * of tsx and DuckDB for several loaders, on the core Framework leaves idle while it waits): the report
 * archive in one, started at once, the other loaders in the other, in the order Framework asks for
 * them. When Framework reaches a loader that is not done yet, that loader waits for the background
 * run and passes its output on (src/data/lib/prerun.ts). A loader that fails there is run again by
 * Framework, which reports its error.
 */
export async function runObservableBuild(root: string, dbPath: string, log: (line: string) => void = () => {}): Promise<void> {
  const cache = dataCacheDir(root);
  const env = { ...process.env, ...loaderDatesEnv(root), KINERJA_DB: path.resolve(dbPath), OBSERVABLE_TELEMETRY_DISABLE: "1" };
  const loaders = loaderFiles(root);
  for (const n of loaders) fs.rmSync(prerunPaths(cache, n).marker, { force: true });
  const missing = loaders.filter((n) => !fs.existsSync(prerunPaths(cache, n).output)).sort(byNeed);
  // Each marker holds this process's pid: a loader Framework starts meanwhile waits while it exists.
  for (const n of missing) {
    fs.mkdirSync(path.dirname(prerunPaths(cache, n).marker), { recursive: true });
    fs.writeFileSync(prerunPaths(cache, n).marker, String(process.pid));
  }
  const groups = [missing.filter((n) => n === SLOW_LOADER), missing.filter((n) => n !== SLOW_LOADER)].filter((g) => g.length > 0);
  const runs = groups.map((group) => ({
    group,
    run: runNode(root, ["--import", "tsx", path.join(root, "loaders", "site-prerun.ts"), cache, ...group], env, (l) => l && log(`  ${l}`)),
  }));
  const bgDone = Promise.all(runs.map(({ group, run }) => run.done.finally(() => group.forEach((n) => fs.rmSync(prerunPaths(cache, n).marker, { force: true })))));
  try {
    const bin = path.join(root, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
    // KINERJA_BUILD_VERBOSE=1 logs Framework's own lines too (the benchmark times its phases with them).
    const verbose = process.env.KINERJA_BUILD_VERBOSE === "1" ? (l: string) => l && log(`  observable: ${l}`) : undefined;
    const { code, output } = await runNode(root, [bin, "build"], { ...env, [PRERUN_ENV]: cache }, verbose).done;
    if (code !== 0) throw new Error(`observable build gagal (kode ${code}):\n${output.split("\n").slice(-30).join("\n")}`);
    await bgDone;
  } finally {
    for (const { run } of runs) if (run.child.exitCode === null) run.child.kill();
    await bgDone.catch(() => {});
  }
}

/**
 * Build the site into dist/. With `fingerprint` (warehouseFingerprint of the warehouse the site is
 * built from), a build whose inputs are all unchanged since the last successful one, with dist/
 * intact, is skipped; any change to data, reference, models, loaders, pages or packages rebuilds.
 */
export async function buildSite(
  root: string,
  dbPath: string,
  log: (line: string) => void,
  fingerprint?: string,
  build: (root: string, dbPath: string, log: (line: string) => void) => Promise<void> = runObservableBuild,
): Promise<"built" | "unchanged"> {
  const stamp = fingerprint === undefined ? null : siteStamp(root, fingerprint);
  if (stamp !== null && siteUpToDate(root, stamp)) {
    log("Situs tidak berubah sejak pembangunan terakhir (data, halaman dan kode sama; dist/ utuh): observable build dilewati.");
    return "unchanged";
  }
  // A build that fails half-way must not leave a record that a later run would trust.
  fs.rmSync(buildRecordFile(root), { force: true });
  await build(root, dbPath, log);
  // Framework's template lacks lang, blocks zoom, has an English unlabelled toggle: correct dist/.
  fixDist(path.join(root, "dist"));
  precompressDist(path.join(root, "dist"));
  if (stamp !== null) recordBuild(root, stamp);
  log("Situs dibangun di dist/.");
  return "built";
}

export interface StaticSite {
  /** http://127.0.0.1:<port> */
  url: string;
  close: () => Promise<void>;
}

/** Serve a built dist/ on 127.0.0.1 as a gzip-serving host would (the build writes .gz copies); port 0 picks a free one. */
export async function serveDist(dist: string, port = 0): Promise<StaticSite> {
  const handler = sirv(dist, { dev: false, etag: true, extensions: ["html"], gzip: true });
  const server = http.createServer((req, res) =>
    handler(req, res, () => {
      res.statusCode = 404;
      res.end("Halaman tidak ditemukan");
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function serveSite(root: string, port: number, log: (line: string) => void): Promise<StaticSite> {
  const site = await serveDist(path.join(root, "dist"), port);
  log(`Situs tersedia di http://localhost:${port}/  (Ctrl+C untuk berhenti)`);
  return site;
}
