// `kinerja build` after one source file changed, end to end in a private copy of the project: the
// changed figure reaches dist/, the loaders that do not read what changed keep their cached output,
// and — the invariant that matters most — every page-data file published in dist/ equals what its
// loader computes from the warehouse now: the site never shows a stale number. About two minutes.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANGED_FILE, CHANGED_FROM, CHANGED_TO, copyProject, findInDist, NEEDLE } from "../bench/build.ts";
import { dataCacheDir, loaderDatesEnv } from "../loaders/site-cache.ts";
import { ROOT, tempDir } from "./helpers.ts";

const run = promisify(execFile);
let tmp: { dir: string; cleanup: () => void };
let work: string;
let db: string;
const logs: string[] = [];

async function build(): Promise<void> {
  const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", path.join(work, "loaders", "cli.ts"), "build", "--db", db], {
    cwd: work,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1", KINERJA_SECRET_FILE: path.join(tmp.dir, "secret") },
  });
  logs.push(stdout + stderr);
}

const cacheFile = (rel: string) => path.join(dataCacheDir(work), "data", rel);
const mtime = (f: string) => fs.statSync(f).mtimeMs;

/** The published copy of a page-data file: dist/_file/data/<name>.<hash>.<ext>. */
function published(rel: string): string {
  const dir = path.join(work, "dist", "_file", "data", path.dirname(rel));
  const ext = path.extname(rel);
  const base = path.basename(rel, ext);
  const hits = fs.readdirSync(dir).filter((f) => f.startsWith(`${base}.`) && f.endsWith(ext) && f.split(".").length === 3);
  expect(hits, rel).toHaveLength(1);
  return path.join(dir, hits[0]);
}

/** What a loader writes now, run directly on the build's warehouse with the dates the build recorded. */
async function fresh(loader: string): Promise<Buffer> {
  const { stdout } = await run(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(work, "src", "data", loader)], {
    cwd: work,
    encoding: "buffer",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, KINERJA_DB: db, ...loaderDatesEnv(work) },
  });
  return stdout;
}

beforeAll(() => {
  tmp = tempDir("kinerja-incremental-");
  work = path.join(tmp.dir, "project");
  db = path.join(tmp.dir, "w.duckdb");
  copyProject(work);
});
afterAll(() => tmp?.cleanup());

describe("build after one source file changed", () => {
  it("reruns only the loaders that read what changed, and publishes no stale number", async () => {
    await build();
    expect(await findInDist(path.join(work, "dist"), NEEDLE)).toEqual([]);
    const before = { layanan: mtime(cacheFile("layanan.json")), wilayah: mtime(cacheFile("wilayah.json")), site: mtime(cacheFile("site.json")), opd: mtime(cacheFile("opd.zip")) };

    // One IKU realisation (SETDA-01, 2025 Q4) changes in its export.
    const file = path.join(work, CHANGED_FILE);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain(CHANGED_FROM);
    fs.writeFileSync(file, text.replace(CHANGED_FROM, CHANGED_TO));
    await build();

    // The new figure is published: SETDA's page data and the list of revised figures carry it.
    const hits = await findInDist(path.join(work, "dist"), NEEDLE);
    expect(hits.some((h) => /^_file\/data\/kualitas\.[0-9a-f]+\.json$/.test(h)), hits.join(", ")).toBe(true);
    expect(hits.some((h) => /^_file\/data\/opd\/SETDA\.[0-9a-f]+\.json$/.test(h)), hits.join(", ")).toBe(true);
    // Services and districts read no IKU table: kept. The scorecard and the OPD archive were made again.
    expect(mtime(cacheFile("layanan.json"))).toBe(before.layanan);
    expect(mtime(cacheFile("wilayah.json"))).toBe(before.wilayah);
    expect(mtime(cacheFile("site.json"))).toBeGreaterThan(before.site);
    expect(mtime(cacheFile("opd.zip"))).toBeGreaterThan(before.opd);
    expect(logs[1]).toMatch(/tetap dari simpanan[^\n]*layanan\.json/);

    // Every published page-data file equals what its loader computes now (kept ones included).
    for (const name of ["site.json", "layanan.json", "wilayah.json", "perencanaan.json", "kualitas.json"]) {
      const now = JSON.parse((await fresh(`${name}.ts`)).toString("utf8"));
      expect(JSON.parse(fs.readFileSync(published(name), "utf8")), name).toEqual(now);
    }
    const opd = await JSZip.loadAsync(await fresh("opd.zip.ts"));
    const members = Object.values(opd.files).filter((f) => !f.dir);
    expect(members.length).toBeGreaterThan(20);
    for (const m of members) expect(JSON.parse(fs.readFileSync(published(`opd/${m.name}`), "utf8")), m.name).toEqual(JSON.parse(await m.async("string")));
    // The report packs' printable pages (the XLSX carry a creation time and are not compared byte for byte).
    const packs = await JSZip.loadAsync(await fresh("laporan.zip.ts"));
    const pages = Object.values(packs.files).filter((f) => f.name.endsWith(".htm"));
    expect(pages.length).toBeGreaterThan(20);
    for (const p of pages) expect(fs.readFileSync(published(`laporan/${p.name}`), "utf8"), p.name).toBe(await p.async("string"));
  }, 600_000);
});
