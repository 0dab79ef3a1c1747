// One run of `observable build` for `kinerja build`, started as soon as the build starts: Framework
// spends ~10 s loading pages, indexing, bundling and rendering, and needs the page data only when it
// loads the download page (a page loader) and when it copies files. So Framework runs beside the
// ingest and the transform, and the page data is held back from it until the build knows which of it
// is still right:
//   hold()     every cached loader output (and archive member) is moved out of Framework's cache into
//              a "held" cache, and every loader is marked as running (src/data/lib/prerun.ts): a loader
//              Framework asks for meanwhile waits. Framework can never see an output from older data.
//   invalidateLoaderCaches(wh, root, inputs, run.heldCache) removes the held outputs whose inputs
//              changed (loaders/site-cache.ts).
//   build()    releases the rest: kept outputs go back into Framework's cache and their marks are
//              removed; the missing ones are computed by two loader processes started with Framework
//              (loaders/site-prerun.ts --worker: their code is loaded while the data is), whose marks
//              go when they are written. Then it waits for Framework, which writes into OUTPUT_NEXT;
//              loaders/site.ts replaces dist/ with it only when everything succeeded.
//   abort()    (site unchanged, or an earlier step failed) stops every process, puts the held outputs
//              back and removes OUTPUT_NEXT: cache and dist/ are as they were.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PRERUN_ENV, prerunPaths } from "../src/data/lib/prerun.ts";
import { cachedOutputs, dataCacheDir, loaderDatesEnv, loaderFiles } from "./site-cache.ts";

/** Where Framework builds (observablehq.config.ts reads it from KINERJA_SITE_OUTPUT); dist/ is replaced by it on success. */
export const OUTPUT_NEXT = "dist.next";

/** The report archive: by far the slowest loader; Framework needs its members when it copies files. */
const SLOW_LOADER = "laporan.zip.ts";

const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/** Framework's npm bundles are written in place, not renamed: one cut short by a kill would stay. */
const PACKAGE_CACHES = ["_node", "_npm", "_jsr"];

export interface ProcessRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; output: string }>;
}

/** Run a Node script in `root` in a process group of its own (so it can be stopped with its children). */
export function runNode(root: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void, stdin = false): ProcessRun {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"], detached: true });
  let output = "";
  let partial = "";
  const take = (d: Buffer) => {
    output += d;
    if (!onLine) return;
    const lines = (partial + d).split("\n");
    partial = lines.pop() ?? "";
    for (const l of lines) onLine(l);
  };
  // A process that ended before it was given its input: its exit code tells, not an EPIPE here.
  child.stdin?.on("error", () => {});
  child.stdout?.on("data", take);
  child.stderr?.on("data", take);
  const done = new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
  return { child, done };
}

/** SIGTERM to a process and everything it started (its process group). */
function kill(pid: number): void {
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // gone already
    }
  }
}

async function stop(run: ProcessRun): Promise<void> {
  if (run.child.exitCode === null && run.child.signalCode === null && run.child.pid) kill(run.child.pid);
  await run.done.catch(() => {});
}

/** Move a file or folder to `to`; inside a folder that exists already, file by file, keeping what is there. */
function moveInto(from: string, to: string): void {
  const st = fs.statSync(from, { throwIfNoEntry: false });
  if (!st) return;
  if (!fs.existsSync(to)) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.renameSync(from, to);
  } else if (st.isDirectory() && fs.statSync(to).isDirectory()) {
    for (const e of fs.readdirSync(from)) moveInto(path.join(from, e), path.join(to, e));
  }
}

/** The order Framework asks for page data: the download page while it loads the pages, then the rest. */
function byNeed(a: string, b: string): number {
  const rank = (n: string) => (n.endsWith(".md.ts") ? 0 : 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Remove the files under `dir` modified at or after `since` (ms). */
function removeNewer(dir: string, since: number): void {
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f)))) {
    const st = fs.statSync(f, { throwIfNoEntry: false });
    if (st?.isFile() && st.mtimeMs >= since) fs.rmSync(f, { force: true });
  }
}

export class SiteRun {
  /** The cache root holding the loader outputs until build() releases them. */
  readonly heldCache: string;
  readonly output: string;
  private readonly cache: string;
  private readonly loaders: string[];
  private framework: ProcessRun | null = null;
  private frameworkStarted = 0;
  /** Loader processes started with Framework, waiting for the names of the loaders to run. */
  private workers: { group: string[]; run: ProcessRun }[] = [];
  private state: "held" | "released" | "finished" | "aborted" = "held";

  private constructor(
    readonly root: string,
    readonly dbPath: string,
    private readonly log: (line: string) => void,
  ) {
    this.cache = dataCacheDir(root);
    this.heldCache = path.join(root, "src", ".observablehq", "cache-held");
    this.output = path.join(root, OUTPUT_NEXT);
    this.loaders = loaderFiles(root);
  }

  /** Hold every cached loader output back from Framework (see the header). */
  static hold(root: string, dbPath: string, log: (line: string) => void = () => {}): SiteRun {
    const run = new SiteRun(root, dbPath, log);
    // A held cache left by a build that was killed: its outputs were never checked against the
    // current data. Dropping them only means those loaders run again.
    fs.rmSync(run.heldCache, { recursive: true, force: true });
    const data = path.join(run.cache, "data");
    if (fs.existsSync(data)) {
      fs.mkdirSync(run.heldCache, { recursive: true });
      fs.renameSync(data, path.join(run.heldCache, "data"));
    }
    for (const n of run.loaders) {
      const { marker } = prerunPaths(run.cache, n);
      fs.mkdirSync(path.dirname(marker), { recursive: true });
      fs.writeFileSync(marker, String(process.pid));
    }
    return run;
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, ...loaderDatesEnv(this.root), KINERJA_DB: path.resolve(this.dbPath), OBSERVABLE_TELEMETRY_DISABLE: "1" };
  }

  /** Start `observable build` (into OUTPUT_NEXT) now, beside whatever the build does next. */
  start(): void {
    if (this.framework || this.state !== "held") return;
    fs.rmSync(this.output, { recursive: true, force: true });
    const bin = path.join(this.root, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
    // KINERJA_BUILD_VERBOSE=1 logs Framework's own lines too (the benchmark times its phases with them).
    const verbose = process.env.KINERJA_BUILD_VERBOSE === "1" ? (l: string) => l && this.log(`  observable: ${l}`) : undefined;
    this.frameworkStarted = Date.now();
    for (const sig of STOP_SIGNALS) process.on(sig, this.onSignal);
    this.framework = runNode(this.root, [bin, "build"], { ...this.env(), [PRERUN_ENV]: this.cache, KINERJA_SITE_OUTPUT: OUTPUT_NEXT }, verbose);
    // Two loader processes (one start-up of tsx, DuckDB and exceljs for several loaders), the report
    // archive in its own: they load their code now and run what build() names once it knows.
    const env = this.env();
    for (const group of [this.loaders.filter((n) => n === SLOW_LOADER), this.loaders.filter((n) => n !== SLOW_LOADER)]) {
      if (group.length === 0) continue;
      const args = ["--import", "tsx", path.join(this.root, "loaders", "site-prerun.ts"), this.cache, "--worker", ...group];
      const run = runNode(this.root, args, env, (l) => l && this.log(`  ${l}`), true);
      // A run that dies leaves no mark behind: a loader Framework started waiting for it computes itself.
      void run.done.finally(() => group.forEach((n) => fs.rmSync(prerunPaths(this.cache, n).marker, { force: true }))).catch(() => {});
      this.workers.push({ group, run });
    }
  }

  /**
   * Ctrl+C or a kill of `kinerja build`: Framework and the loader processes run in process groups of
   * their own, so the signal does not reach them; stop them, then end as the signal would.
   */
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    for (const r of this.processes()) if (r.child.pid && r.child.exitCode === null) kill(r.child.pid);
    this.unlisten();
    process.kill(process.pid, signal);
  };

  private unlisten(): void {
    for (const sig of STOP_SIGNALS) process.removeListener(sig, this.onSignal);
  }

  private processes(): ProcessRun[] {
    return [this.framework, ...this.workers.map((w) => w.run)].filter((r): r is ProcessRun => r !== null);
  }

  /** Put the held outputs back and remove their marks; the loaders whose output is gone are returned. */
  private release(): string[] {
    const missing: string[] = [];
    for (const n of this.loaders) {
      const [file, ...members] = cachedOutputs(this.root, n, this.heldCache);
      const [toFile, ...toMembers] = cachedOutputs(this.root, n);
      if (!fs.existsSync(file)) {
        missing.push(n);
        continue;
      }
      members.forEach((m, i) => moveInto(m, toMembers[i]));
      moveInto(file, toFile);
      fs.rmSync(prerunPaths(this.cache, n).marker, { force: true });
    }
    fs.rmSync(this.heldCache, { recursive: true, force: true });
    this.state = "released";
    return missing;
  }

  /**
   * Release the held outputs, have the loader processes compute the missing ones, wait for Framework.
   * Returns the folder Framework built. A loader that fails in the background is run again by
   * Framework, which reports its error.
   */
  async build(): Promise<string> {
    if (this.state !== "held") throw new Error(`SiteRun.build: already ${this.state}`);
    this.start();
    const missing = new Set(this.release());
    for (const { group, run } of this.workers) run.child.stdin?.end(group.filter((n) => missing.has(n)).sort(byNeed).join("\n"));
    const { code, output } = await this.framework!.done;
    if (code !== 0) {
      await this.abort();
      throw new Error(`observable build gagal (kode ${code}):\n${output.split("\n").slice(-30).join("\n")}`);
    }
    await Promise.all(this.workers.map((w) => w.run.done));
    this.unlisten();
    this.state = "finished";
    return this.output;
  }

  /** Stop everything and leave cache and dist/ as they were before this run (see the header). */
  async abort(): Promise<void> {
    if (this.state === "finished" || this.state === "aborted") return;
    const killed = this.framework !== null && this.framework.child.exitCode === null;
    await Promise.all(this.processes().map(stop));
    this.unlisten();
    if (this.state === "held") {
      for (const n of this.loaders) cachedOutputs(this.root, n, this.heldCache).forEach((held, i) => moveInto(held, cachedOutputs(this.root, n)[i]));
      fs.rmSync(this.heldCache, { recursive: true, force: true });
    }
    for (const n of this.loaders) fs.rmSync(prerunPaths(this.cache, n).marker, { force: true });
    if (killed) for (const c of PACKAGE_CACHES) removeNewer(path.join(this.cache, c), this.frameworkStarted);
    fs.rmSync(this.output, { recursive: true, force: true });
    this.state = "aborted";
  }
}
