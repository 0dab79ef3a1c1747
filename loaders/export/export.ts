// Past one machine (DESIGN §8): write the core and mart (and ref) tables as Hive-partitioned Parquet,
// DIR/<layer>/<table>/kode_wilayah=<kode>/tahun=<yyyy>/data_N.parquet, that Trino, Spark,
// ClickHouse or DuckDB read as external tables. The whole tree is written to a temp folder beside
// DIR and renamed into place, so a reader never sees half an export.
import fs from "node:fs";
import path from "node:path";
import { ident, literal } from "../ingest/sql.ts";
import type { Warehouse } from "../warehouse/connection.ts";

/** core and mart, and the small ref tables the mart models join (so the models run over the files). */
export const EXPORT_LAYERS = ["ref", "core", "mart"] as const;

export interface ExportedTable {
  table: string; // "mart.ikm_unit"
  rows: number;
  files: number;
  /** How tahun was derived: an existing column, the first 4 characters of periode, or year(<date>). */
  tahunFrom: string | null;
}

export interface ExportResult {
  dir: string;
  kodeWilayah: string;
  tables: ExportedTable[];
}

interface Column {
  name: string;
  type: string;
}

/** SQL expression of the partition year for a table, or null when it has no period or date. */
export function tahunExpression(columns: Column[]): { sql: string; from: string } | null {
  const byName = new Map(columns.map((c) => [c.name, c]));
  if (byName.has("tahun")) return { sql: `CAST(${ident("tahun")} AS INTEGER)`, from: "tahun" };
  // periode is '2024', '2024-S1', '2024-Q3' or '2024-03': the year is its first four characters.
  if (byName.has("periode")) return { sql: `TRY_CAST(substr(${ident("periode")}, 1, 4) AS INTEGER)`, from: "periode" };
  const date = columns.find((c) => c.type === "DATE" && /^tanggal/.test(c.name)) ?? columns.find((c) => c.type === "DATE");
  if (date) return { sql: `CAST(year(${ident(date.name)}) AS INTEGER)`, from: date.name };
  return null;
}

/** Parquet has no 128-bit integers (DuckDB would write HUGEINT as DOUBLE): counts become BIGINT. */
function exportColumn(c: Column): string {
  if (c.type === "HUGEINT" || c.type === "UHUGEINT") return `CAST(${ident(c.name)} AS BIGINT) AS ${ident(c.name)}`;
  return ident(c.name);
}

export async function tableColumns(wh: Warehouse, schema: string, table: string): Promise<Column[]> {
  return wh.query<Column>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
}

/** The city's own code (13.77 for Kota Pariaman), from ref.wilayah. */
export async function cityCode(wh: Warehouse): Promise<string> {
  const rows = await wh.query<{ kode: string }>(`SELECT kode FROM ref.wilayah WHERE tingkat = 'kota' ORDER BY kode`);
  if (rows.length !== 1)
    throw new Error(`ref.wilayah harus berisi tepat satu baris tingkat 'kota' (ada ${rows.length}); jalankan dulu: kinerja build`);
  return rows[0].kode;
}

export async function exportParquet(wh: Warehouse, dir: string): Promise<ExportResult> {
  const target = path.resolve(dir);
  const kodeWilayah = await cityCode(wh);
  const tables = await wh.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_schema IN (${EXPORT_LAYERS.map((l) => literal(l)).join(", ")}) AND table_type = 'BASE TABLE'
     ORDER BY table_schema, table_name`,
  );
  if (tables.length === 0) throw new Error("gudang data belum berisi tabel core/mart; jalankan dulu: kinerja build");

  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const out: ExportedTable[] = [];
  try {
    for (const t of tables) {
      const columns = await tableColumns(wh, t.schema, t.name);
      const tahun = tahunExpression(columns);
      const tableDir = path.join(tmp, t.schema, t.name);
      fs.mkdirSync(path.dirname(tableDir), { recursive: true });
      const { n } = await wh.one<{ n: number }>(`SELECT count(*) AS n FROM ${ident(t.schema)}.${ident(t.name)}`);
      if (n > 0) {
        // An existing tahun column becomes the partition itself (Hive keeps partition values in
        // the path, not in the files); otherwise tahun is added, derived from periode or a date.
        const keep = columns.filter((c) => !(tahun?.from === "tahun" && c.name === "tahun")).map(exportColumn);
        const partitionCols = [`${literal(kodeWilayah)} AS kode_wilayah`, ...(tahun ? [`${tahun.sql} AS tahun`] : [])];
        const partitionBy = tahun ? "kode_wilayah, tahun" : "kode_wilayah";
        await wh.exec(
          `COPY (SELECT ${[...keep, ...partitionCols].join(", ")} FROM ${ident(t.schema)}.${ident(t.name)})
           TO ${literal(tableDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${partitionBy}))`,
        );
      } else fs.mkdirSync(tableDir, { recursive: true });
      out.push({ table: `${t.schema}.${t.name}`, rows: n, files: countFiles(tableDir), tahunFrom: tahun?.from ?? null });
    }
    // Swap into place: the old export (if any) is removed only once the new one is complete.
    const old = `${target}.old-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(tmp, target);
    fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { dir: target, kodeWilayah, tables: out };
}

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".parquet")).length;
}

/** The read expression an engine (here DuckDB) uses for one exported table. */
export function readExportSql(dir: string, table: string, byTahun = true): string {
  const [schema, name] = table.split(".");
  const glob = path.join(path.resolve(dir), schema, name, "**", "*.parquet");
  // Declared partition types: left to inference, '13.77' would be read as a number.
  const types = byTahun ? `{'kode_wilayah': VARCHAR, 'tahun': INTEGER}` : `{'kode_wilayah': VARCHAR}`;
  return `read_parquet(${literal(glob)}, hive_partitioning = true, hive_types = ${types})`;
}
