// `npm run bench`: ingest throughput against DuckDB's own read_csv, transform time and peak memory
// at growing sizes, `npm run build` cold / unchanged / one file changed, and the page weight of the
// built site. Prints one table per part and writes bench/results/<date>.json.
//
//   npm run bench -- [--sizes 1,3,10] [--no-build] [--no-pages] [--no-ingest]
//   sizes are millions of survey (SKM) responses; the demo scale is chosen to match, and SKP grows
//   with it (IKU follows the indicator catalogue and does not grow).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadReference, planDemo } from "../loaders/demo/index.ts";
import { benchBuild, type BuildBench } from "./build.ts";
import { BENCH_DATA, fmt, machine, ROOT, run, runJsonChild, table, TSX } from "./lib.ts";
import { measurePages, type PageWeight } from "./pages.ts";

const { values: opts } = parseArgs({
  options: {
    sizes: { type: "string", default: "1,3,10" },
    "no-build": { type: "boolean", default: false },
    "no-pages": { type: "boolean", default: false },
    "no-ingest": { type: "boolean", default: false },
  },
});
const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const sizes = opts.sizes.split(",").map(Number).filter((x) => x > 0);

const SEED = 20261127;
const reference = loadReference(path.join(ROOT, "data", "reference"));
const skmPerScale = planDemo({ seed: SEED, scale: 1, reference }).streams.filter((s) => s.kind === "skm").reduce((a, s) => a + s.rows, 0);
const scaleFor = (millions: number) => Math.round(((millions * 1e6) / skmPerScale) * 10) / 10;

const started = new Date();
const results: Record<string, unknown> = {
  date: started.toISOString(),
  command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
  machine: machine(),
  sizes: [] as unknown[],
};
const resultsDir = path.join(ROOT, "bench", "results");
const resultsFile = path.join(resultsDir, `${started.toISOString().slice(0, 16).replace(/[:T]/g, "-")}.json`);
function save() {
  fs.mkdirSync(resultsDir, { recursive: true });
  const tmp = `${resultsFile}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2) + "\n");
  fs.renameSync(tmp, resultsFile);
}

/** Demo exports at a scale, generated once and cached under bench-data/demo/. */
async function demoData(scale: number): Promise<string> {
  const dir = path.join(BENCH_DATA, "demo", `scale-${scale}`);
  if (fs.existsSync(path.join(dir, ".complete"))) return dir;
  log(`generating demo data at scale ${scale} (cached in ${path.relative(ROOT, dir)})`);
  const tmp = `${dir}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const r = await run(TSX, ["loaders/cli.ts", "demo", "--out", tmp, "--scale", String(scale), "--seed", String(SEED)]);
  if (r.code !== 0) throw new Error(`demo --scale ${scale} failed: ${r.stderr}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  fs.writeFileSync(path.join(dir, ".complete"), `${new Date().toISOString()} ${r.seconds.toFixed(1)} s\n`);
  return dir;
}

interface IngestSource {
  source: string;
  files: number;
  rows: number;
  mb: number;
  ingestSeconds: number;
  readCsvSeconds: number;
  ingestRowsPerSec: number;
  readCsvRowsPerSec: number;
  ratio: number;
  cpuRatio: number;
  readCsvPersistedSeconds: number;
  ratioPersisted: number;
  cpuRatioPersisted: number;
}
interface IngestRun {
  sources: IngestSource[];
  seconds: number;
  maxRssMiB: number;
  dbMiB: number;
}
interface TransformRun {
  seconds: number;
  maxRssMiB: number;
  counts: Record<string, number>;
}

const out: string[] = [];
const print = (s: string) => {
  out.push(s);
  console.log(s);
};

// 1. Build and page weight (the demo data: the committed sample).
let buildResult: BuildBench | undefined;
if (!opts["no-build"]) {
  buildResult = await benchBuild(log);
  results.build = buildResult;
  save();
  if (!opts["no-pages"]) {
    log("page weight: loading each built page in Chromium");
    const pages: PageWeight[] = await measurePages(buildResult.dist);
    results.pages = pages;
    save();
  }
}

// 2. Ingest and transform at each size.
const sizeRows: { millions: number; scale: number; ingest: IngestRun; transform: TransformRun }[] = [];
if (!opts["no-ingest"])
  for (const millions of sizes) {
    const scale = scaleFor(millions);
    const data = await demoData(scale);
    const db = path.join(BENCH_DATA, "tmp", `bench-${scale}.duckdb`);
    fs.mkdirSync(path.dirname(db), { recursive: true });
    log(`ingest: ${millions}M responses (scale ${scale})`);
    const ingest = await runJsonChild<IngestRun>("ingest-child.ts", [data, db]);
    log(`ingest: ${ingest.seconds} s; transform`);
    const transform = await runJsonChild<TransformRun>("transform-child.ts", [db]);
    log(`transform: ${transform.seconds} s, peak RSS ${transform.maxRssMiB} MiB`);
    sizeRows.push({ millions, scale, ingest, transform });
    results.sizes = sizeRows;
    save();
    for (const f of [db, `${db}.wal`]) fs.rmSync(f, { force: true });
  }

// 3. Tables.
print(`\nKinerja Pariaman benchmarks, ${started.toISOString()}, ${JSON.stringify(results.machine)}\n`);
if (sizeRows.length) {
  print("Ingest vs DuckDB read_csv, same process, same run. The issue's ratio = read_csv into an in-memory TEMP table / ingest.");
  print("The persisted limit = read_csv into a table of the same warehouse file + COMMIT (what the loader must also do) / ingest.\n");
  print(
    table(
      ["responses", "source", "files", "rows", "MB", "ingest s", "ingest rows/s", "read_csv s", "read_csv rows/s", "ratio (wall)", "ratio (CPU)", "goal ≥ 0.5", "read_csv+persist+COMMIT s", "ratio vs persisted (wall)", "ratio vs persisted (CPU)"],
      sizeRows.flatMap((s) =>
        s.ingest.sources.map((x) => [
          `${s.millions}M`,
          x.source,
          x.files,
          fmt(x.rows),
          fmt(x.mb, 1),
          fmt(x.ingestSeconds, 2),
          fmt(x.ingestRowsPerSec),
          fmt(x.readCsvSeconds, 2),
          fmt(x.readCsvRowsPerSec),
          fmt(x.ratio, 2),
          fmt(x.cpuRatio, 2),
          x.ratio >= 0.5 ? "met" : "MISSED",
          fmt(x.readCsvPersistedSeconds, 2),
          fmt(x.ratioPersisted, 2),
          fmt(x.cpuRatioPersisted, 2),
        ]),
      ),
    ),
  );
  print("\nTransform (all models + data tests, own process; peak RSS = process.resourceUsage().maxRSS)\n");
  print(
    table(
      ["responses", "scale", "raw.skm", "raw.skp", "raw.iku", "ingest s (all)", "ingest peak MiB", "db MiB", "transform s", "transform peak MiB", "s per M responses"],
      sizeRows.map((s) => [
        `${s.millions}M`,
        s.scale,
        fmt(s.transform.counts["raw.skm"]),
        fmt(s.transform.counts["raw.skp"]),
        fmt(s.transform.counts["raw.iku"]),
        fmt(s.ingest.seconds, 1),
        fmt(s.ingest.maxRssMiB),
        fmt(s.ingest.dbMiB),
        fmt(s.transform.seconds, 1),
        fmt(s.transform.maxRssMiB),
        fmt(s.transform.seconds / (s.transform.counts["raw.skm"] / 1e6), 2),
      ]),
    ),
  );
}
if (buildResult) {
  const b = buildResult;
  print("\n`npm run build` on the demo data (private copy of the project in bench-data/site-work)\n");
  print(
    table(
      ["case", "seconds", "goal", ""],
      [
        ["cold", fmt(b.coldSeconds, 1), "< 60", b.coldSeconds < 60 ? "met" : "MISSED"],
        ["nothing changed", fmt(b.unchangedSeconds, 1), "< 10", b.unchangedSeconds < 10 ? "met" : "MISSED"],
        ["one file changed", fmt(b.changedSeconds, 1), "< 20", b.changedSeconds < 20 ? "met" : "MISSED"],
      ],
    ),
  );
  const f = (x: number | null) => (x == null ? "–" : fmt(x, 1));
  print("\nWhere the time goes (seconds since the build started, from its log; observable build's first line comes after its first page)\n");
  print(
    table(
      ["case", "ingest", "transform", "cache check", "loaders done", "observable first / last line", "total", "CPU s (user+sys)"],
      Object.entries(b.phases).map(([k, p]) => [k, f(p.ingest), f(p.transform), f(p.invalidation), f(p.loaders), `${f(p.frameworkFirst)} / ${f(p.frameworkLast)}`, f(p.total), f(p.cpu)]),
    ),
  );
  print(
    `\nchanged ${b.changedFile}: "${b.needle}" found in dist before: ${b.needleBefore.length ? b.needleBefore.join(", ") : "nowhere"}; after: ${b.needleAfter.length ? b.needleAfter.join(", ") : "NOWHERE (stale site?)"}`,
  );
}
const pages = results.pages as PageWeight[] | undefined;
if (pages) {
  print("\nPage weight, first load in Chromium (bodies gzipped at level 6)\n");
  print(
    table(
      ["page", "requests", "KB", "KB gzip", "goal ≤ 500 KB", "off-origin"],
      pages.map((p) => [p.page, p.requests, fmt(p.bytes / 1024, 1), fmt(p.gzipBytes / 1024, 1), p.gzipBytes <= 500 * 1024 ? "met" : "MISSED", p.external.length]),
    ),
  );
}
results.table = out.join("\n");
save();
log(`results: ${path.relative(ROOT, resultsFile)}`);
