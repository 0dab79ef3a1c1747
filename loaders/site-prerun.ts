// Runs data loaders of src/data in this one process (one start-up of tsx and DuckDB for all of
// them) and writes each output where Framework caches it, so `observable build` finds it fresh.
//   tsx loaders/site-prerun.ts <framework cache dir> <loader>...   (e.g. site.json.ts)
//   tsx loaders/site-prerun.ts <framework cache dir> --worker <candidate loader>...   (names on stdin)
// Each output is written to a temp name and renamed into place; an archive's extracted members are
// written again from the new archive (Framework would otherwise judge them by the loader file's date
// and keep old ones), members it no longer has removed. A loader that fails writes nothing: Framework then runs it
// itself and reports its error. The marker
// "<output>.prerun" (see src/data/lib/prerun.ts) is removed when its loader is done.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import JSZip from "jszip";
import { prerunPaths } from "../src/data/lib/prerun.ts";
import { moduleGraph } from "./digest.ts";


/**
 * Write every member of the archive over its extracted copy, then remove extracted copies of members
 * the archive no longer has. Never remove the folder itself: `observable build` runs beside this and
 * may have a member's temp file ("<member>.<pid>") open in it while it waits for the archive; deleting
 * the folder under it made its build fail (ENOENT on rename).
 */
export async function extractZip(zipData: Buffer, dir: string): Promise<void> {
  const zip = await JSZip.loadAsync(zipData);
  const written = new Set<string>();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const target = path.join(dir, entry.name);
    if (!target.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, await entry.async("nodebuffer"));
    fs.renameSync(tmp, target);
    written.add(target);
  }
  // Framework's temp files end in ".<pid>" or ".<pid>.err": leave them to it.
  for (const f of fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f))))
    if (!written.has(f) && !/\.\d+(\.err|\.tmp)?$/.test(f) && fs.statSync(f, { throwIfNoEntry: false })?.isFile()) fs.rmSync(f, { force: true });
}
/**
 * Put a loader's output where Framework caches it (temp name, then rename). Framework extracts each
 * member of an archive it needs by reading the whole archive again (170 packs: ~5 s); the members
 * written here, from the archive just written, are fresh to it.
 */
export async function publishOutput(output: string, data: Buffer): Promise<void> {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const tmp = `${output}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, output);
  if (output.endsWith(".zip")) await extractZip(data, output.slice(0, -".zip".length));
}

/** Run `loaders` (file names in src/data) and write their outputs into Framework's cache; the count that failed. */
async function prerun(cacheDir: string, loaders: string[]): Promise<number> {
  let failed = 0;
  const dataDir = path.resolve(import.meta.dirname, "..", "src", "data");
  for (const name of loaders) {
    const { output, marker } = prerunPaths(cacheDir, name);
    const file = path.join(dataDir, name);
    const chunks: Buffer[] = [];
    const write = process.stdout.write;
    const argv1 = process.argv[1];
    const started = performance.now();
    try {
      // The loader sees itself as the script being run (siteMeta dates it by its name) and writes to a buffer.
      process.argv[1] = file;
      process.stdout.write = ((chunk: string | Uint8Array) => {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
        return true;
      }) as typeof process.stdout.write;
      await import(pathToFileURL(file).href);
      process.stdout.write = write;
      await publishOutput(output, Buffer.concat(chunks));
      process.stderr.write(`pemuat ${name}: ${((performance.now() - started) / 1000).toFixed(1)} d\n`);
    } catch (e) {
      process.stdout.write = write;
      failed++;
      process.stderr.write(`pemuat ${name} gagal (observable build akan menjalankannya lagi): ${e instanceof Error ? e.message : String(e)}\n`);
    } finally {
      process.argv[1] = argv1;
      fs.rmSync(marker, { force: true });
    }
  }
  return failed;
}

/** Everything stdin brings, up to its end. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

if (process.argv[1] && fs.realpathSync(path.resolve(process.argv[1])) === fs.realpathSync(fileURLToPath(import.meta.url))) {
  const [cacheDir, ...args] = process.argv.slice(2);
  if (args[0] === "--worker") {
    // Started with the build, before it knows which loaders must run: load what the candidate
    // loaders import now (tsx, DuckDB, exceljs... not the loaders: importing one runs it), then run
    // the loaders named on stdin (none: exit).
    const dataDir = path.resolve(import.meta.dirname, "..", "src", "data");
    const entries = args.slice(1).map((n) => path.join(dataDir, n));
    for (const f of new Set(entries.flatMap((e) => moduleGraph(e).filter((f) => f !== e)))) await import(pathToFileURL(f).href);
    const loaders = (await readStdin()).split(/\s+/).filter(Boolean);
    process.exitCode = (await prerun(cacheDir, loaders)) ? 1 : 0;
  } else {
    process.exitCode = (await prerun(cacheDir, args)) ? 1 : 0;
  }
}
