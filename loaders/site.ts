// Build and serve the Observable Framework site. Framework reruns a data loader only when its
// cached output is missing, so `kinerja build` removes the cached output of every loader whose inputs
// changed (loaders/site-cache.ts) before Framework may see any (loaders/site-run.ts): the site never
// publishes stale numbers, and a build after a small change reruns only the loaders that read what
// changed. Here: whether the site needs building at all, and putting a complete build in dist/.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import sirv from "sirv";
import { precompressDist } from "./site-compress.ts";
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

/**
 * Whether anything the site is built from may have changed since the last successful build: a file
 * of the data folder, src/, loaders/, reports/, data/reference, data/narasi, the config or the
 * packages newer than the build's record (or no record). Only a hint, for `kinerja build` to start
 * Framework before it knows (loaders/site-run.ts): siteStamp decides whether the site is rebuilt.
 */
export function siteMayHaveChanged(root: string, dataDirs: string[]): boolean {
  const rec = fs.statSync(buildRecordFile(root), { throwIfNoEntry: false });
  if (!rec || !fs.existsSync(path.join(root, "dist", "index.html"))) return true;
  const dirs = [...dataDirs, "src", "loaders", "reports", "data/reference", "data/narasi"].map((d) => path.resolve(root, d));
  const files = [
    ...dirs.flatMap((d) => sourceFiles(d).map((f) => path.join(d, f))),
    ...["observablehq.config.ts", "package.json", "package-lock.json"].map((f) => path.join(root, f)),
  ];
  return files.some((f) => (fs.statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0) > rec.mtimeMs);
}

/** Builds the site into a folder of its own: `observable build` (SiteRun, loaders/site-run.ts) or a test's stand-in. */
export interface SiteBuilder {
  /** Build, and return the folder built (under root); it replaces dist/ once corrected. */
  build(): Promise<string>;
  /** Build nothing and leave everything as it was (the site is unchanged). */
  abort(): Promise<void>;
}

/** Replace `dest` by `next` (two renames: the old site is served until the new one is complete). */
function replaceDir(next: string, dest: string): void {
  const old = `${dest}.old-${process.pid}`;
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(dest)) fs.renameSync(dest, old);
  fs.renameSync(next, dest);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Build the site into dist/. With `fingerprint` (warehouseFingerprint of the warehouse the site is
 * built from), a build whose inputs are all unchanged since the last successful one, with dist/
 * intact, is skipped; any change to data, reference, models, loaders, pages or packages rebuilds.
 * dist/ is replaced only by a complete, corrected build: a failed one leaves the last site in place.
 */
export async function buildSite(root: string, log: (line: string) => void, fingerprint: string | undefined, builder: SiteBuilder): Promise<"built" | "unchanged"> {
  const stamp = fingerprint === undefined ? null : siteStamp(root, fingerprint);
  if (stamp !== null && siteUpToDate(root, stamp)) {
    await builder.abort();
    log("Situs tidak berubah sejak pembangunan terakhir (data, halaman dan kode sama; dist/ utuh): observable build dilewati.");
    return "unchanged";
  }
  // A build that fails half-way must not leave a record that a later run would trust.
  fs.rmSync(buildRecordFile(root), { recursive: true, force: true });
  const next = await builder.build();
  // Framework's template lacks lang, blocks zoom, has an English unlabelled toggle: correct the build.
  fixDist(next);
  precompressDist(next);
  replaceDir(next, path.join(root, "dist"));
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
