// Runs data loaders of src/data in this one process (one start-up of tsx and DuckDB for all of
// them) and writes each output where Framework caches it, so `observable build` finds it fresh.
//   tsx loaders/site-prerun.ts <framework cache dir> <loader>...   (e.g. site.json.ts)
// Each output is written to a temp name and renamed into place; an archive's extracted members are
// removed first (Framework would otherwise judge them by the loader file's date and keep them), then
// written again from the new archive. A loader that fails writes nothing: Framework then runs it
// itself and reports its error. The marker
// "<output>.prerun" (see src/data/lib/prerun.ts) is removed when its loader is done.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import JSZip from "jszip";
import { prerunPaths } from "../src/data/lib/prerun.ts";

const [cacheDir, ...loaders] = process.argv.slice(2);

async function extract(zipData: Buffer, dir: string): Promise<void> {
  const zip = await JSZip.loadAsync(zipData);
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const target = path.join(dir, entry.name);
    if (!target.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, await entry.async("nodebuffer"));
    fs.renameSync(tmp, target);
  }
}
const dataDir = path.resolve(import.meta.dirname, "..", "src", "data");
let failed = 0;

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
    const members = /\.(zip|tgz|tar|tar\.gz)$/.exec(output);
    if (members) fs.rmSync(output.slice(0, members.index), { recursive: true, force: true });
    fs.mkdirSync(path.dirname(output), { recursive: true });
    const tmp = `${output}.${process.pid}.tmp`;
    const data = Buffer.concat(chunks);
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, output);
    // Framework extracts each member it needs by reading the whole archive again (170 packs: ~5 s);
    // the members written here, from the archive just written, are fresh to it.
    if (members && output.endsWith(".zip")) await extract(data, output.slice(0, members.index));
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
process.exitCode = failed ? 1 : 0;
