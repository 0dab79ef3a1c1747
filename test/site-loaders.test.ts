// Every data loader of src/data against its declaration in src/data/lib/inputs.ts: run for real on a
// warehouse of the demo sample with query logging, each table it touches must be declared (else a
// change to that table would leave its cached page data stale), and a loader run by `kinerja build`
// is dated by the build's record, not by the latest transform (else every load would rerun them all).
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOADER_INPUTS } from "../src/data/lib/inputs.ts";
import { LOADER_DATES_ENV } from "../src/data/lib/warehouse.ts";
import JSZip from "jszip";
import { arsipSitus, type PackCache } from "../reports/arsip.ts";
import { loaderFiles } from "../loaders/site-cache.ts";
import { runIngest, runTransform } from "../loaders/pipeline.ts";
import { Warehouse } from "../loaders/warehouse/connection.ts";
import { ROOT, SECRET, silentEnv, tempDir } from "./helpers.ts";

const run = promisify(execFile);
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const SCHEMAS = "raw|core|mart|ref|meta|quarantine";

/** Schema-qualified tables named in a statement (quoted or not). */
export function tablesIn(sql: string): string[] {
  const re = new RegExp(`\\b(${SCHEMAS})\\s*\\.\\s*"?([A-Za-z_][A-Za-z0-9_]*)"?`, "g");
  return [...new Set([...sql.matchAll(re)].map((m) => `${m[1]}.${m[2]}`))].sort();
}

let tmp: { dir: string; cleanup: () => void };
let db: string;
const DATE = "2026-03-01T02:00:00.000Z";

beforeAll(async () => {
  tmp = tempDir("kinerja-loaders-");
  db = path.join(tmp.dir, "w.duckdb");
  const wh = await Warehouse.open({ path: db });
  try {
    await runIngest(wh, [path.join(ROOT, "data", "sample")], silentEnv(), { secret: SECRET });
    await runTransform(wh, silentEnv());
  } finally {
    wh.close();
  }
}, 180_000);
afterAll(() => tmp?.cleanup());

describe("tablesIn", () => {
  it("finds plain and quoted schema-qualified names", () => {
    expect(tablesIn(`SELECT * FROM mart.ikm_unit i JOIN ref.opd o USING (kode_opd), quarantine."skm" q`)).toEqual(["mart.ikm_unit", "quarantine.skm", "ref.opd"]);
  });
});

describe("data loader declarations", () => {
  it("every loader of src/data is declared", () => {
    expect(loaderFiles(ROOT).filter((f) => !LOADER_INPUTS[f])).toEqual([]);
  });

  it("each loader touches only the tables it declares, and takes its date from the build's record", async () => {
    const dates = Object.fromEntries(loaderFiles(ROOT).map((f) => [f, { diperbarui: DATE, dimuat_terakhir: DATE }]));
    const undeclared: string[] = [];
    for (const name of loaderFiles(ROOT)) {
      const log = path.join(tmp.dir, `${name}.log`);
      const { stdout } = await run(TSX, [path.join(ROOT, "src", "data", name)], {
        cwd: ROOT,
        encoding: "buffer",
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, KINERJA_DB: db, KINERJA_QUERY_LOG: log, [LOADER_DATES_ENV]: JSON.stringify(dates) },
      });
      expect(stdout.length, name).toBeGreaterThan(0);
      const decl = LOADER_INPUTS[name];
      const covered = (t: string) => decl.tables.includes(t) || decl.tables.includes(`${t.split(".")[0]}.*`);
      const statements = fs.readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l) as string);
      expect(statements.length, name).toBeGreaterThan(0);
      for (const sql of statements) {
        if (decl.queries.includes(sql)) continue;
        for (const t of tablesIn(sql)) if (!covered(t)) undeclared.push(`${name}: ${t}`);
      }
      // A JSON loader's banner date is the recorded one (not the last transform of this warehouse).
      if (name.endsWith(".json.ts")) expect((JSON.parse(stdout.toString("utf8")) as { meta: { diperbarui: string } }).meta.diperbarui, name).toBe(DATE);
    }
    expect([...new Set(undeclared)]).toEqual([]);
  }, 300_000);
});

describe("report pack cache (src/data/laporan.zip.ts)", () => {
  it("renders a pack again only when its data changed, with the new value; unchanged packs are taken from the cache", async () => {
    const dir = path.join(tmp.dir, "packs");
    const archive = async (cache: PackCache) => {
      const wh = await Warehouse.open({ path: db, readOnly: true });
      try {
        return await JSZip.loadAsync(await arsipSitus(wh, ROOT, false, cache));
      } finally {
        wh.close();
      }
    };
    const first: PackCache = { dir, rendered: [], reused: [] };
    const a = await archive(first);
    expect(first.rendered!.length).toBeGreaterThan(20);
    expect(first.reused).toEqual([]);

    const second: PackCache = { dir, rendered: [], reused: [] };
    const b = await archive(second);
    expect(second.rendered).toEqual([]);
    expect(second.reused!.sort()).toEqual([...first.rendered!].sort());
    for (const name of Object.keys(a.files)) expect(await b.file(name)!.async("string"), name).toBe(await a.file(name)!.async("string"));

    // One realisation of SETDA's first indicator in 2025 Q4 changes in the mart.
    const wh = await Warehouse.open({ path: db });
    try {
      await wh.exec(`UPDATE mart.indikator_capaian SET realisasi = 12345.67 WHERE kode_indikator = 'SETDA-01' AND periode = '2025-Q4'`);
    } finally {
      wh.close();
    }
    const third: PackCache = { dir, rendered: [], reused: [] };
    const c = await archive(third);
    expect(third.rendered).toContain("opd-SETDA-2025-Q4");
    expect(await c.file("opd-SETDA-2025-Q4.htm")!.async("string")).toContain("12.345,67");
    expect(await a.file("opd-SETDA-2025-Q4.htm")!.async("string")).not.toContain("12.345,67");
    // Packs of other OPDs' quarter and of earlier periods do not show that figure: not rendered again.
    expect(third.reused).toContain("opd-DINKES-2025-Q4");
    expect(third.reused).toContain("kota-2022");
    expect(third.rendered!.length + third.reused!.length).toBe(first.rendered!.length);
    // Cache entries no longer used are removed: one .htm and one .xlsx per pack.
    expect(fs.readdirSync(dir).length).toBe(2 * first.rendered!.length);
  }, 300_000);
});
