// `npm run build` cold, unchanged and after one source file changed, in a private copy of the
// project under bench-data/site-work (its own warehouse, Framework cache and dist/), so that the
// benchmark neither disturbs nor is disturbed by the repository's own build. The copy's data is a
// copy of data/sample: the committed sample is never modified.
import fs from "node:fs";
import path from "node:path";
import { BENCH_DATA, ROOT, run } from "./lib.ts";

export const WORK = path.join(BENCH_DATA, "site-work");

// One IKU row whose realisation is changed to a figure found nowhere else.
export const CHANGED_FILE = "data/sample/iku/iku_2025.csv";
export const CHANGED_FROM = "2025;4;SETDA;SETDA-01;68;70,69";
export const CHANGED_TO = "2025;4;SETDA;SETDA-01;68;70,6917";
export const NEEDLE = "70.6917";

const SKIP = new Set([".git", "node_modules", "bench-data", "dist", "artifacts", "coverage", ".observablehq"]);

/** A private copy of the project (no warehouse, Framework cache, dist/ or secret; node_modules linked). */
export function copyProject(dest = WORK): void {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of fs.readdirSync(ROOT)) {
    if (SKIP.has(entry)) continue;
    fs.cpSync(path.join(ROOT, entry), path.join(dest, entry), {
      recursive: true,
      filter: (src) => !/[/\\](\.observablehq|\.secret|\.kinerja-secret)([/\\]|$)|\.duckdb(\.wal|\.lock)?$/.test(src),
    });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dest, "node_modules"));
}

/** Every text occurrence of `needle` in dist/ (zip members included, read with jszip). */
export async function findInDist(dist: string, needle: string): Promise<string[]> {
  const { default: JSZip } = await import("jszip");
  const hits: string[] = [];
  for (const f of fs.readdirSync(dist, { recursive: true }) as string[]) {
    const full = path.join(dist, f);
    if (!fs.statSync(full).isFile()) continue;
    const buf = fs.readFileSync(full);
    if (f.endsWith(".zip")) {
      const zip = await JSZip.loadAsync(buf);
      for (const [name, entry] of Object.entries(zip.files))
        if (!entry.dir && (await entry.async("string")).includes(needle)) hits.push(`${f}!${name}`);
    } else if (buf.includes(needle)) hits.push(f);
  }
  return hits;
}

export interface BuildBench {
  coldSeconds: number;
  unchangedSeconds: number;
  changedSeconds: number;
  changedFile: string;
  needle: string;
  needleBefore: string[];
  needleAfter: string[];
  dist: string;
  logs: typeof buildLogs;
  /** Where each build's time went (seconds since its start, from its own log) and its CPU time. */
  phases: Record<string, BuildPhases>;
}

export interface BuildPhases {
  /** Ingest summary printed. */
  ingest: number | null;
  /** Transform done (or skipped). */
  transform: number | null;
  /** Page-data cache checked (which loaders rerun). */
  invalidation: number | null;
  /** Last data loader done (they run beside observable build). */
  loaders: number | null;
  /** First and last line of observable build (its first line comes after the first page is loaded). */
  frameworkFirst: number | null;
  frameworkLast: number | null;
  total: number;
  /** User + system CPU seconds of the build and every process it waited for (/usr/bin/time). */
  cpu: number | null;
  rerun: string;
}

function phasesOf(lines: { t: number; line: string }[], total: number, cpu: number | null): BuildPhases {
  const at = (re: RegExp, last = false) => {
    const hits = lines.filter((l) => re.test(l.line));
    const hit = last ? hits.at(-1) : hits[0];
    return hit ? +hit.t.toFixed(2) : null;
  };
  return {
    ingest: at(/^Ringkasan:/),
    transform: at(/^Transformasi/),
    invalidation: at(/^Data halaman/),
    loaders: at(/^\s+pemuat /, true),
    frameworkFirst: at(/^\s+observable: /),
    frameworkLast: at(/^\s+observable: /, true),
    total,
    cpu,
    rerun: lines.find((l) => /^Data halaman/.test(l.line))?.line ?? "",
  };
}

/** Output lines of each build with their arrival time (ingest summary, transform, site). */
export const buildLogs: Record<string, { t: number; line: string }[]> = {};

const phases: Record<string, BuildPhases> = {};

async function build(label: string): Promise<number> {
  // KINERJA_BUILD_VERBOSE: Framework's own lines too, to time its phases.
  const r = await run("/usr/bin/time", ["-f", "kinerja-cpu %U %S", "npm", "run", "--silent", "build"], { cwd: WORK, env: { KINERJA_BUILD_VERBOSE: "1" } });
  if (r.code !== 0) throw new Error(`build (${label}) failed:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-3000)}`);
  buildLogs[label] = r.lines.filter((l) => !/^[+=] /.test(l.line) && !/^\s+(ditolak|kolom)/.test(l.line));
  const cpu = /kinerja-cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  phases[label] = phasesOf(buildLogs[label], +r.seconds.toFixed(2), cpu ? +(Number(cpu[1]) + Number(cpu[2])).toFixed(2) : null);
  return +r.seconds.toFixed(2);
}

export async function benchBuild(log: (s: string) => void): Promise<BuildBench> {
  copyProject();
  const dist = path.join(WORK, "dist");
  log("build: cold (no warehouse, no Framework cache, no dist/)");
  const coldSeconds = await build("cold");
  log(`build: cold ${coldSeconds} s; unchanged`);
  const unchangedSeconds = await build("unchanged");
  const needleBefore = await findInDist(dist, NEEDLE);
  const file = path.join(WORK, CHANGED_FILE);
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes(CHANGED_FROM)) throw new Error(`${CHANGED_FILE}: row "${CHANGED_FROM}" not found; update bench/build.ts`);
  fs.writeFileSync(file, text.replace(CHANGED_FROM, CHANGED_TO));
  log(`build: unchanged ${unchangedSeconds} s; one file changed (${CHANGED_FILE})`);
  const changedSeconds = await build("changed");
  const needleAfter = await findInDist(dist, NEEDLE);
  return { coldSeconds, unchangedSeconds, changedSeconds, changedFile: CHANGED_FILE, needle: NEEDLE, needleBefore, needleAfter, dist, logs: buildLogs, phases };
}
