// The Parquet export: every core, mart and ref table, Hive-partitioned by kode_wilayah and tahun, reads
// back through DuckDB's read_parquet(hive_partitioning) row for row identical to the warehouse.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIngest, runTransform } from "../pipeline.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { ident } from "../ingest/sql.ts";
import { memoryWarehouse, ROOT, SECRET, silentEnv, tempDir } from "../../test/helpers.ts";
import { exportParquet, readExportSql, tableColumns, tahunExpression, type ExportResult } from "./export.ts";

// Two years of each source from the committed sample: several tahun partitions, a few seconds.
const SAMPLE = path.join(ROOT, "data", "sample");
const FILES = [
  "skp/skp_2024.csv",
  "skp/skp_2025-Q1.csv",
  "skm/skm_2024_s2.csv",
  "skm/skm_2025_s1.csv",
  "iku/iku_2024.csv",
  "iku/iku_2025.csv",
  "layanan/volume_2024.csv",
  "layanan/volume_2025.csv",
].map((f) => path.join(SAMPLE, f));

let wh: Warehouse;
let tmp: ReturnType<typeof tempDir>;
let out: string;
let result: ExportResult;

beforeAll(async () => {
  tmp = tempDir("kinerja-export-");
  wh = await memoryWarehouse();
  const env = silentEnv();
  await runIngest(wh, FILES, env, { secret: SECRET });
  await runTransform(wh, env);
  out = path.join(tmp.dir, "parquet");
  result = await exportParquet(wh, out);
}, 180_000);

afterAll(() => {
  wh?.close();
  tmp?.cleanup();
});

describe("exportParquet", () => {
  it("exports every core, mart and ref table under the city's code 13.77", async () => {
    expect(result.kodeWilayah).toBe("13.77");
    const tables = await wh.query<{ t: string }>(
      `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
       WHERE table_schema IN ('core', 'mart', 'ref') ORDER BY 1`,
    );
    expect(tables.filter((r) => r.t.startsWith("mart.")).length).toBeGreaterThan(3);
    expect(result.tables.map((t) => t.table).sort()).toEqual(tables.map((r) => r.t).sort());
    const ikm = result.tables.find((t) => t.table === "mart.ikm_unit")!;
    expect(ikm.rows).toBeGreaterThan(0);
    expect(ikm.tahunFrom).toBe("periode");
    // Hive layout: kode_wilayah first (a province holds many cities), then tahun.
    const years = fs.readdirSync(path.join(out, "mart", "ikm_unit", "kode_wilayah=13.77")).sort();
    expect(years).toEqual(["tahun=2024", "tahun=2025"]);
    expect(result.tables.find((t) => t.table === "core.skm_respon")!.tahunFrom).toBe("tahun");
    // Written in a temp folder and renamed: nothing is left beside the export.
    expect(fs.readdirSync(tmp.dir)).toEqual(["parquet"]);
  });

  it("reads back row for row identical to the warehouse (EXCEPT both ways is empty)", async () => {
    const nonEmpty = result.tables.filter((t) => t.rows > 0);
    expect(nonEmpty.map((t) => t.table)).toEqual(
      expect.arrayContaining(["mart.ikm_unit", "mart.indikator_capaian", "mart.skp_predikat", "mart.opd_ringkasan", "core.skm_respon"]),
    );
    for (const t of nonEmpty) {
      const [schema, name] = t.table.split(".");
      const cols = (await tableColumns(wh, schema, name)).map((c) => ident(c.name)).join(", ");
      const back = `(SELECT ${cols} FROM ${readExportSql(out, t.table, t.tahunFrom !== null)})`;
      const orig = `(SELECT ${cols} FROM ${ident(schema)}.${ident(name)})`;
      const counts = await wh.one<{ n: number; missing: number; extra: number }>(
        `SELECT (SELECT count(*) FROM ${back}) AS n,
                (SELECT count(*) FROM (${orig} EXCEPT ALL ${back})) AS missing,
                (SELECT count(*) FROM (${back} EXCEPT ALL ${orig})) AS extra`,
      );
      expect({ table: t.table, ...counts }).toEqual({ table: t.table, n: t.rows, missing: 0, extra: 0 });
    }
  });

  it("partitions each row under the year of its periode or date", async () => {
    const bad = await wh.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${readExportSql(out, "mart.indikator_capaian")}
       WHERE tahun <> CAST(substr(periode, 1, 4) AS INTEGER) OR kode_wilayah <> '13.77'`,
    );
    expect(bad.n).toBe(0);
  });

  it("replaces an earlier export in place", async () => {
    fs.writeFileSync(path.join(out, "stale.txt"), "old");
    await exportParquet(wh, out);
    expect(fs.existsSync(path.join(out, "stale.txt"))).toBe(false);
    expect(fs.readdirSync(tmp.dir)).toEqual(["parquet"]);
  });
});

describe("tahunExpression", () => {
  it("prefers tahun, then periode, then a tanggal date column", () => {
    expect(tahunExpression([{ name: "tahun", type: "BIGINT" }, { name: "periode", type: "VARCHAR" }])?.from).toBe("tahun");
    expect(tahunExpression([{ name: "periode", type: "VARCHAR" }])?.from).toBe("periode");
    expect(
      tahunExpression([
        { name: "dibuat", type: "DATE" },
        { name: "tanggal_masuk", type: "DATE" },
      ])?.from,
    ).toBe("tanggal_masuk");
    expect(tahunExpression([{ name: "kode", type: "VARCHAR" }])).toBeNull();
  });
});
