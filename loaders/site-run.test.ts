// The protocol of a site build that starts Framework before the build knows which page data is still
// right (loaders/site-run.ts), with stand-ins for `observable build` and the loader workers in a
// private project folder: Framework never sees an output from before the decision, kept outputs come
// back untouched, only the missing ones are computed, and a stopped run leaves cache and dist/ as
// they were.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { cachedOutputs, dataCacheDir, invalidateLoaderCaches } from "./site-cache.ts";
import { OUTPUT_NEXT, SiteRun } from "./site-run.ts";
import { ROOT, tempDir } from "../test/helpers.ts";
import { Warehouse } from "./warehouse/connection.ts";

// Stands in for `observable build`: records which page data it could see when it started, then waits
// until no loader is marked as running and copies every output into its output folder (as
// Framework's copy phase does). FAKE_HANG: never finishes; FAKE_FAIL: fails after copying.
const FRAMEWORK = `
const fs = require("fs"), path = require("path");
const cache = process.env.KINERJA_PRERUN_CACHE, out = path.resolve(process.env.KINERJA_SITE_OUTPUT);
const data = path.join(cache, "data");
// (A marker may go between the listing and its stat.)
const files = () => fs.readdirSync(data, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(data, f), { throwIfNoEntry: false })?.isFile());
const seen = files().filter((f) => !f.endsWith(".prerun"));
fs.writeFileSync(path.join(cache, "framework.pid"), String(process.pid));
fs.mkdirSync(path.join(cache, "_node"), { recursive: true });
fs.writeFileSync(path.join(cache, "_node", "bundled-now.js"), "cut short?");
if (process.env.FAKE_HANG) setInterval(() => {}, 1000);
else (function wait() {
  if (files().some((f) => f.endsWith(".prerun"))) return setTimeout(wait, 20);
  for (const f of files()) {
    fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
    fs.copyFileSync(path.join(data, f), path.join(out, f));
  }
  fs.writeFileSync(path.join(out, "seen-at-start.json"), JSON.stringify(seen));
  if (process.env.FAKE_FAIL) process.exit(3);
})();
`;

// Stands in for loaders/site-prerun.ts --worker: runs the loaders named on stdin (writes "new <name>").
const WORKER = `
import fs from "node:fs";
import path from "node:path";
const [cache] = process.argv.slice(2);
let input = "";
process.stdin.on("data", (c) => (input += c));
process.stdin.on("end", () => {
  for (const name of input.split(/\\s+/).filter(Boolean)) {
    const out = path.join(cache, "data", name.replace(/\\.ts$/, ""));
    fs.writeFileSync(out, "new " + name);
    fs.rmSync(out + ".prerun", { force: true });
    fs.appendFileSync(path.join(cache, "ran.txt"), name + "\\n");
  }
});
`;

let tmp: { dir: string; cleanup: () => void };
let root: string;
let cache: string;
const put = (rel: string, text: string) => {
  const f = path.join(root, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
};
const read = (f: string) => fs.readFileSync(f, "utf8");
const OUTPUTS = { "data/a.json": "old a", "data/b.json": "old b", "data/laporan.zip": "old zip", "data/laporan/m1.htm": "old member" };
const mtimes = () => Object.fromEntries(Object.keys(OUTPUTS).map((f) => [f, fs.statSync(path.join(cache, f), { throwIfNoEntry: false })?.mtimeMs ?? null]));
/** Framework's pid once it has looked at the cache and written its bundle. */
async function started(): Promise<number> {
  const pidFile = path.join(cache, "framework.pid");
  while (!fs.existsSync(path.join(cache, "_node", "bundled-now.js")) || !fs.existsSync(pidFile)) await new Promise((r) => setTimeout(r, 20));
  return Number(read(pidFile));
}
const markers = () => fs.readdirSync(path.join(cache, "data")).filter((f) => f.endsWith(".prerun")).sort();

beforeEach(() => {
  tmp = tempDir("kinerja-siterun-");
  root = tmp.dir;
  cache = dataCacheDir(root);
  for (const l of ["a.json.ts", "b.json.ts", "laporan.zip.ts"]) put(`src/data/${l}`, "export {};");
  put("node_modules/@observablehq/framework/dist/bin/observable.js", FRAMEWORK);
  fs.symlinkSync(path.join(ROOT, "node_modules", "tsx"), path.join(root, "node_modules", "tsx"));
  put("loaders/site-prerun.ts", WORKER);
  for (const [f, text] of Object.entries(OUTPUTS)) put(path.join("src", ".observablehq", "cache", f), text);
  put("dist/index.html", "the site as last built");
  // A package bundle from an earlier build, older than any run here.
  put("src/.observablehq/cache/_node/old.js", "complete");
  fs.utimesSync(path.join(cache, "_node", "old.js"), new Date("2026-01-01"), new Date("2026-01-01"));
});
afterEach(() => {
  delete process.env.FAKE_HANG;
  delete process.env.FAKE_FAIL;
  tmp.cleanup();
});

describe("a site build started before the decision", () => {
  it("hides every output from Framework until released, keeps the kept ones untouched, computes only the missing", async () => {
    const before = mtimes();
    const run = SiteRun.hold(root, "w.duckdb");
    expect(markers()).toEqual(["a.json.prerun", "b.json.prerun", "laporan.zip.prerun"]);
    expect(fs.readdirSync(path.join(cache, "data")).filter((f) => !f.endsWith(".prerun"))).toEqual([]);
    run.start();
    await started();
    // The decision: b's inputs changed, its held output goes (as invalidateLoaderCaches does in the held cache).
    for (const f of cachedOutputs(root, "b.json.ts", run.heldCache)) fs.rmSync(f, { recursive: true, force: true });
    const out = await run.build();

    expect(out).toBe(path.join(root, OUTPUT_NEXT));
    expect(JSON.parse(read(path.join(out, "seen-at-start.json")))).toEqual([]);
    expect(read(path.join(out, "a.json"))).toBe("old a");
    expect(read(path.join(out, "b.json"))).toBe("new b.json.ts");
    expect(read(path.join(out, "laporan.zip"))).toBe("old zip");
    expect(read(path.join(out, "laporan", "m1.htm"))).toBe("old member");
    expect(read(path.join(cache, "ran.txt"))).toBe("b.json.ts\n");
    // Kept outputs were moved back, not rewritten.
    const after = mtimes();
    for (const f of ["data/a.json", "data/laporan.zip", "data/laporan/m1.htm"]) expect(after[f], f).toBe(before[f]);
    expect(markers()).toEqual([]);
    expect(fs.existsSync(run.heldCache)).toBe(false);
    expect(read(path.join(root, "dist", "index.html"))).toBe("the site as last built");
  }, 60_000);

  it("stopped (site unchanged, or ingest or transform failed): cache and dist/ are as they were", async () => {
    process.env.FAKE_HANG = "1";
    const before = mtimes();
    const run = SiteRun.hold(root, "w.duckdb");
    run.start();
    const pid = await started();
    await run.abort();

    expect(() => process.kill(pid, 0)).toThrow();
    for (const [f, text] of Object.entries(OUTPUTS)) expect(read(path.join(cache, f)), f).toBe(text);
    expect(mtimes()).toEqual(before);
    expect(markers()).toEqual([]);
    expect(fs.existsSync(run.heldCache)).toBe(false);
    expect(fs.existsSync(path.join(root, OUTPUT_NEXT))).toBe(false);
    expect(fs.existsSync(path.join(cache, "ran.txt"))).toBe(false);
    expect(read(path.join(root, "dist", "index.html"))).toBe("the site as last built");
    // A package bundle Framework may have been writing when it was stopped is not trusted; older ones stay.
    expect(fs.existsSync(path.join(cache, "_node", "bundled-now.js"))).toBe(false);
    expect(read(path.join(cache, "_node", "old.js"))).toBe("complete");
    await run.abort();
  }, 60_000);

  it("Framework failing: the error is reported, its half-built folder removed, no loader left marked", async () => {
    process.env.FAKE_FAIL = "1";
    const run = SiteRun.hold(root, "w.duckdb");
    run.start();
    await expect(run.build()).rejects.toThrow(/observable build gagal \(kode 3\)/);
    expect(fs.existsSync(path.join(root, OUTPUT_NEXT))).toBe(false);
    expect(markers()).toEqual([]);
    expect(read(path.join(root, "dist", "index.html"))).toBe("the site as last built");
    // A package bundle written by a Framework that ended on its own is complete: kept.
    expect(fs.existsSync(path.join(cache, "_node", "bundled-now.js"))).toBe(true);
  }, 60_000);

  it("Ctrl+C on the build stops Framework and the loader processes too (they run in process groups of their own)", async () => {
    put(
      "build.mts",
      `import { SiteRun } from ${JSON.stringify(path.join(ROOT, "loaders", "site-run.ts"))};\nSiteRun.hold(process.argv[2], "w.duckdb").start();\nsetInterval(() => {}, 1000);\n`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", "build.mts", root], { cwd: root, env: { ...process.env, FAKE_HANG: "1" }, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")));
    const pid = await started();
    const workers = () => execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" }).split("\n").filter((l) => l.includes(cache) && l.includes("--worker"));
    expect(workers()).toHaveLength(2);
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    const alive = (p: number) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      for (let i = 0; i < 100 && (workers().length > 0 || alive(pid)); i++) await new Promise((r) => setTimeout(r, 50));
      expect(alive(pid)).toBe(false);
      expect(workers()).toEqual([]);
    } finally {
      // Leave nothing running if it failed.
      for (const p of [pid, ...workers().map((l) => Number(l.trim().split(/\s+/)[0]))]) if (alive(p)) process.kill(p, "SIGKILL");
    }
  }, 60_000);

  it("the invalidation removes outputs where they are held", async () => {
    const wh = await Warehouse.open({ path: ":memory:" });
    try {
      const run = SiteRun.hold(root, "w.duckdb");
      // No record of earlier keys: every loader's held output goes, nothing in Framework's cache is touched.
      const r = await invalidateLoaderCaches(wh, root, {}, run.heldCache);
      expect(r.rerun.sort()).toEqual(["a.json.ts", "b.json.ts", "laporan.zip.ts"]);
      for (const l of ["a.json.ts", "b.json.ts", "laporan.zip.ts"]) for (const f of cachedOutputs(root, l, run.heldCache)) expect(fs.existsSync(f), f).toBe(false);
      expect(markers()).toEqual(["a.json.prerun", "b.json.prerun", "laporan.zip.prerun"]);
      await run.abort();
      expect(fs.existsSync(path.join(cache, "data", "a.json"))).toBe(false);
    } finally {
      wh.close();
    }
  });
});
