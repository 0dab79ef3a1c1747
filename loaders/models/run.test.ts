// The model runner: dependency order inferred from the SQL, cycles reported, and data tests that
// stop the build naming the failing rows (with the transform rolled back).
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../warehouse/connection.ts";
import { ensureSourceTables } from "../ingest/load.ts";
import { SOURCES } from "../sources/index.ts";
import { skp } from "../sources/skp/index.ts";
import { DataTestError, MODELS_DIR, orderModels, readModels, runDataTests, transform, type Model } from "./run.ts";
import { compileTests } from "./tests.ts";
import { copyModels, load, memoryWarehouse, NOW, tempDir, writeFile } from "../../test/helpers.ts";

const m = (name: string, ...dependsOn: string[]): Model => ({ name, sql: "SELECT 1", dependsOn });

describe("orderModels", () => {
  it("puts every model after its dependencies, ties by name", () => {
    const order = orderModels([
      m("mart.b", "core.x", "mart.a"),
      m("mart.a", "core.y"),
      m("core.y"),
      m("core.x", "core.y"),
      m("mart.c"),
    ]).map((x) => x.name);
    // By hand: core.y first (only root besides mart.c; "core.y" < "mart.c"), then core.x, mart.a,
    // then mart.b (needs core.x and mart.a) and mart.c by name.
    expect(order).toEqual(["core.y", "core.x", "mart.a", "mart.b", "mart.c"]);
  });

  it("reports a cycle naming its models", () => {
    expect(() => orderModels([m("core.a", "mart.b"), m("mart.b", "core.a"), m("core.c")])).toThrow(
      /dependency cycle among: core\.a, mart\.b/,
    );
  });

  it("reports a dependency without a model file", () => {
    expect(() => orderModels([m("mart.a", "core.nothing")])).toThrow(/core\.nothing/);
  });

  it("the project's own models are in a valid order", () => {
    const order = orderModels(readModels()).map((x) => x.name);
    const pos = new Map(order.map((n, i) => [n, i]));
    for (const model of readModels()) for (const d of model.dependsOn) expect(pos.get(d)!).toBeLessThan(pos.get(model.name)!);
    expect(order).toContain("mart.ikm_unit");
  });
});

describe("readModels", () => {
  it("infers dependencies from core.*/mart.* mentions, ignoring comments and itself", () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFile(dir, "core/a.sql", "-- uses mart.fake only in a comment\nSELECT * FROM raw.skp");
      writeFile(dir, "core/b.sql", "SELECT * FROM core.a JOIN ref.opd USING (kode_opd)");
      writeFile(dir, "mart/c.sql", "-- mart.c from core.b\nSELECT * FROM core.b UNION ALL SELECT * FROM core.a");
      writeFile(dir, "mart/notes.txt", "not a model");
      expect(readModels(dir).map((x) => [x.name, x.dependsOn])).toEqual([
        ["core.a", []],
        ["core.b", ["core.a"]],
        ["mart.c", ["core.a", "core.b"]],
      ]);
    } finally {
      cleanup();
    }
  });

  it("runs a .ts model in order: its dependencies are the tables its file names, SQL models may read it", async () => {
    const { dir, cleanup } = tempDir();
    const wh = await memoryWarehouse();
    try {
      writeFile(dir, "macros.sql", "SELECT 1;");
      writeFile(dir, "core/a.sql", "SELECT * FROM (VALUES (1), (2), (3)) t(x)");
      // Reads core.a; computes in TypeScript; writes its own table.
      writeFile(
        dir,
        "mart/b.ts",
        `export default async function build(wh, table) {
          const rows = await wh.query("SELECT x FROM core.a ORDER BY x");
          const sum = rows.reduce((s, r) => s + r.x, 0);
          await wh.exec(\`CREATE OR REPLACE TABLE \${table} AS SELECT \${sum} AS total\`);
        }`,
      );
      writeFile(dir, "mart/c.sql", "SELECT total * 10 AS total10 FROM mart.b");
      const models = readModels(dir);
      expect(models.map((m) => [m.name, m.dependsOn, Boolean(m.module)])).toEqual([
        ["core.a", [], false],
        ["mart.b", ["core.a"], true],
        ["mart.c", ["mart.b"], false],
      ]);
      await transform(wh, () => NOW, dir, []);
      expect(await wh.query("SELECT * FROM mart.c")).toEqual([{ total10: 60 }]);
    } finally {
      wh.close();
      cleanup();
    }
  });
});

describe("data tests", () => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await memoryWarehouse();
  });
  afterEach(() => wh?.close());

  it("compiles dbt-style tests and throws DataTestError naming the failing rows", async () => {
    await wh.exec(`CREATE TABLE mart.uji AS SELECT * FROM (VALUES
      ('2024', 'SETDA', 'A'), ('2024', 'SETDA', 'B'), ('2024', 'DINKES', NULL), ('2024', 'DISNAKER', 'Z')) t(periode, kode_opd, mutu)`);
    const tests = [
      {
        model: "mart.uji",
        unique: [["periode", "kode_opd"]],
        notNull: ["mutu"],
        acceptedValues: { mutu: ["A", "B", "C", "D"] },
        relationships: [{ column: "kode_opd", to: "ref.opd", field: "kode_opd" }],
      },
    ];
    expect(compileTests(tests[0]).map((t) => t.name)).toEqual([
      "unique(periode, kode_opd)",
      "not_null(mutu)",
      "accepted_values(mutu)",
      "relationships(kode_opd -> ref.opd.kode_opd)",
    ]);
    const err = await runDataTests(wh, tests).catch((e) => e);
    expect(err).toBeInstanceOf(DataTestError);
    expect(err.failures.map((f: DataTestError["failures"][number]) => [f.test, f.rows, f.sample])).toEqual([
      ["unique(periode, kode_opd)", 1, [{ periode: "2024", kode_opd: "SETDA", jumlah: 2 }]],
      ["not_null(mutu)", 1, [{ periode: "2024", kode_opd: "DINKES", mutu: null }]],
      ["accepted_values(mutu)", 1, [{ periode: "2024", kode_opd: "DISNAKER", mutu: "Z" }]],
      ["relationships(kode_opd -> ref.opd.kode_opd)", 1, [{ periode: "2024", kode_opd: "DISNAKER", mutu: "Z" }]],
    ]);
    expect(err.message).toContain('mart.uji: unique(periode, kode_opd): 1 baris gagal');
    expect(err.message).toContain('"kode_opd":"DISNAKER"');
  });

  it("passing tests return their count", async () => {
    await wh.exec(`CREATE TABLE mart.uji AS SELECT 'SETDA' AS kode_opd`);
    expect(await runDataTests(wh, [{ model: "mart.uji", unique: [["kode_opd"]], notNull: ["kode_opd"] }])).toBe(2);
  });

  it("a model that breaks a project test stops the transform, names the rows and rolls everything back", async () => {
    const { dir, cleanup } = tempDir();
    try {
      copyModels(dir);
      // Sabotage: every mart.skp_predikat row twice.
      const file = path.join(dir, "mart", "skp_predikat.sql");
      const sql = fs.readFileSync(file, "utf8").replace(/ORDER BY periode, kode_opd\s*$/, "");
      fs.writeFileSync(file, `SELECT * FROM (${sql}) UNION ALL SELECT * FROM (${sql})`);
      for (const s of SOURCES) await ensureSourceTables(wh, s);
      const data = writeFile(dir, "skp.csv", "nip;jenis_asn;kode_opd;periode;hasil_kerja;perilaku_kerja\n198501012010011001;PNS;SETDA;2024;Sesuai;Sesuai\n");
      await load(wh, skp, data);
      // The unmodified models pass.
      await transform(wh, () => NOW);
      const before = await wh.query(`SELECT * FROM mart.skp_predikat`);
      const transforms = await wh.query(`SELECT * FROM meta.transforms`);
      const err = await transform(wh, () => NOW, dir).catch((e) => e);
      expect(err).toBeInstanceOf(DataTestError);
      expect(err.message).toMatch(/mart\.skp_predikat: unique\(periode, kode_opd\): 1 baris gagal/);
      expect(err.message).toContain('"kode_opd":"SETDA"');
      expect(await wh.query(`SELECT * FROM mart.skp_predikat`)).toEqual(before);
      expect(await wh.query(`SELECT * FROM meta.transforms`)).toEqual(transforms);
    } finally {
      cleanup();
    }
  });
});
