// The demo generator: deterministic, realistic synthetic exports of each source system for
// 2021-2025, in the systems' own formats. The core (planDemo / generateDemo) is pure; writing is
// separate (writeDemo for small outputs, writeDemoStreaming for any size).
//
//   npx tsx loaders/demo/index.ts [--out DIR] [--seed N] [--scale K]    (default out: data/sample)
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadReference, type Reference } from "./reference.ts";
import { planUnits, SEMESTERS, skmChunks, skmPath, skmPlanted, skmRowCount, volumeChunks, volumePath, type PlantedRow } from "./skm.ts";
import { planRoster, SKP_PERIODS, skpChunks, skpPath, skpPlanted, skpRowCount } from "./skp.ts";
import { IKU_YEARS, ikuChunks, ikuPath, ikuPlanted, ikuRowCount } from "./iku.ts";
import { IZIN_XLSX_YEAR, IZIN_YEARS, izinCsvChunks, izinPath, izinPlanted, izinRowCount, izinXlsx, planIzin } from "./izin.ts";
import { LAPOR_YEARS, laporChunks, laporPath, laporPlanted, laporRowCount, planLapor } from "./pengaduan.ts";
import { sampleReadme } from "./readme.ts";

export { loadReference, type Reference } from "./reference.ts";
export type { PlantedRow } from "./skm.ts";

export const DEFAULT_SEED = 20261127;
export const DEFAULT_SCALE = 1;

export interface DemoOptions {
  seed: number;
  scale: number;
  reference: Reference;
}
export interface DemoFile {
  /** Relative, posix. */
  path: string;
  /** Text, or the bytes of a binary file (XLSX). */
  content: string | Uint8Array;
}
/** A file not yet generated: `chunks()` yields its text piece by piece (same bytes every call). */
export interface DemoStream {
  path: string;
  kind: "skp" | "skm" | "iku" | "layanan" | "izin" | "pengaduan" | "readme";
  /** Data rows (header excluded). */
  rows: number;
  chunks: () => Iterable<string>;
  /** A binary file (XLSX, written by exceljs, which is asynchronous): its bytes; `chunks` is then unused. */
  bytes?: () => Promise<Uint8Array>;
}
export interface DemoPlan {
  streams: DemoStream[];
  planted: PlantedRow[];
}

/** The generated kinds: folder and file-name pattern (stale files matching these are removed). */
export const GENERATED_KINDS: { dir: string; pattern: RegExp }[] = [
  { dir: "skp", pattern: /^skp_.*\.csv$/ },
  { dir: "skm", pattern: /^skm_.*\.csv$/ },
  { dir: "iku", pattern: /^iku_.*\.csv$/ },
  { dir: "layanan", pattern: /^volume_.*\.csv$/ },
  { dir: "izin", pattern: /^izin_.*\.(csv|xlsx)$/ },
  { dir: "pengaduan", pattern: /^lapor_.*\.csv$/ },
];

function checkOptions(o: { seed: number; scale: number }) {
  if (!Number.isInteger(o.seed)) throw new Error(`seed must be an integer, got ${o.seed}`);
  if (!(o.scale > 0) || !Number.isFinite(o.scale)) throw new Error(`scale must be a positive number, got ${o.scale}`);
}

/** Pure and lazy: plans every file; nothing heavy is drawn until a stream's chunks are iterated. */
export function planDemo(options: DemoOptions): DemoPlan {
  checkOptions(options);
  const { seed, scale, reference: ref } = options;
  const units = planUnits(ref, seed, scale);
  const roster = planRoster(ref, seed, scale);
  const holidays = new Set(ref.libur ?? []);
  const streams: DemoStream[] = [];
  for (const periode of SKP_PERIODS) {
    streams.push({ path: skpPath(periode), kind: "skp", rows: skpRowCount(roster, periode), chunks: () => skpChunks(roster, ref, periode, seed) });
  }
  for (const sem of SEMESTERS) {
    streams.push({ path: skmPath(sem), kind: "skm", rows: skmRowCount(units, sem), chunks: () => skmChunks(units, sem, seed, holidays) });
  }
  for (const year of IKU_YEARS) {
    streams.push({ path: ikuPath(year), kind: "iku", rows: ikuRowCount(ref, year), chunks: () => ikuChunks(ref, year, seed) });
  }
  for (const year of IKU_YEARS) {
    streams.push({ path: volumePath(year), kind: "layanan", rows: units.length * 2, chunks: () => volumeChunks(units, year) });
  }
  const izin = planIzin(ref, seed, scale);
  if (izin.types.length > 0) {
    for (const year of IZIN_YEARS) {
      const stream: DemoStream = { path: izinPath(year), kind: "izin", rows: izinRowCount(izin, year), chunks: () => izinCsvChunks(izin, year) };
      if (year === IZIN_XLSX_YEAR) {
        stream.chunks = () => {
          throw new Error(`${stream.path} is binary: use bytes()`);
        };
        stream.bytes = () => izinXlsx(izin, year);
      }
      streams.push(stream);
    }
  }
  const lapor = planLapor(ref, seed, scale);
  if (lapor.kecamatan.length > 0) {
    for (const year of LAPOR_YEARS) {
      streams.push({ path: laporPath(year), kind: "pengaduan", rows: laporRowCount(lapor, year), chunks: () => laporChunks(lapor, year) });
    }
  }
  const planted = [...skpPlanted(roster), ...skmPlanted(units), ...ikuPlanted(ref, seed), ...izinPlanted(izin), ...(lapor.kecamatan.length > 0 ? laporPlanted(lapor) : [])];
  const readme = sampleReadme({ seed, scale, streams, planted, reference: ref, employees: roster.length });
  streams.push({ path: "README.md", kind: "readme", rows: 0, chunks: () => [readme] });
  return { streams, planted };
}

/** Pure: every file's full content (for tests and small scales). Async because XLSX is. */
export async function generateDemo(options: DemoOptions): Promise<DemoFile[]> {
  const out: DemoFile[] = [];
  for (const s of planDemo(options).streams)
    out.push({ path: s.path, content: s.bytes ? await s.bytes() : Array.from(s.chunks()).join("") });
  return out;
}

function removeStale(outDir: string, keep: Set<string>) {
  for (const { dir, pattern } of GENERATED_KINDS) {
    const full = path.join(outDir, dir);
    if (!existsSync(full)) continue;
    for (const name of readdirSync(full)) {
      if (pattern.test(name) && !keep.has(`${dir}/${name}`)) rmSync(path.join(full, name));
    }
  }
}

function writeOne(outDir: string, rel: string, chunks: Iterable<string | Uint8Array>): number {
  const target = path.join(outDir, ...rel.split("/"));
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  let bytes = 0;
  try {
    for (const chunk of chunks) bytes += typeof chunk === "string" ? writeSync(fd, chunk, null, "utf8") : writeSync(fd, chunk);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, target);
  return bytes;
}

/** Writes each file to a temp name, then renames it into place; removes stale generated files. */
export function writeDemo(outDir: string, files: DemoFile[]): void {
  for (const f of files) writeOne(outDir, f.path, [f.content]);
  removeStale(outDir, new Set(files.map((f) => f.path)));
}

/** Same as writeDemo, chunk by chunk: no text file is ever held whole in memory. */
export async function writeDemoStreaming(
  outDir: string,
  streams: DemoStream[],
  onFile: (path: string, rows: number, bytes: number) => void = () => {},
): Promise<{ files: number; rows: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  for (const s of streams) {
    const b = writeOne(outDir, s.path, s.bytes ? [await s.bytes()] : s.chunks());
    rows += s.rows;
    bytes += b;
    onFile(s.path, s.rows, b);
  }
  removeStale(outDir, new Set(streams.map((s) => s.path)));
  return { files: streams.length, rows, bytes };
}

export interface RunDemoOptions {
  out: string;
  seed?: number;
  scale?: number;
  /** Defaults to data/reference of this repository. */
  referenceDir?: string;
}
export interface RunDemoIo {
  log: (message: string) => void;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEFAULT_REFERENCE_DIR = path.join(repoRoot, "data", "reference");
export const DEFAULT_OUT_DIR = path.join(repoRoot, "data", "sample");

/** Generates and writes the demo exports; used by `kinerja demo`. */
export async function runDemo(
  { out, seed = DEFAULT_SEED, scale = DEFAULT_SCALE, referenceDir = DEFAULT_REFERENCE_DIR }: RunDemoOptions,
  { log }: RunDemoIo,
): Promise<{ files: number; rows: number; bytes: number; planted: PlantedRow[] }> {
  const reference = loadReference(referenceDir);
  const plan = planDemo({ seed, scale, reference });
  log(`demo: seed ${seed}, scale ${scale}, writing ${plan.streams.length} files to ${out}`);
  const result = await writeDemoStreaming(out, plan.streams, (p, rows, bytes) => log(`  ${p}: ${rows} rows, ${bytes} bytes`));
  log(`demo: ${result.rows} rows, ${(result.bytes / 1e6).toFixed(1)} MB, ${plan.planted.length} planted bad rows`);
  return { ...result, planted: plan.planted };
}

function parseArgs(argv: string[]): RunDemoOptions {
  const o: RunDemoOptions = { out: DEFAULT_OUT_DIR };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--out") o.out = path.resolve(value());
    else if (flag === "--seed") o.seed = Number(value());
    else if (flag === "--scale") o.scale = Number(value());
    else throw new Error(`unknown option ${argv[i]} (use --out DIR --seed N --scale K)`);
  }
  return o;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runDemo(parseArgs(process.argv.slice(2)), { log: (m) => console.log(m) }).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
