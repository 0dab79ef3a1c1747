// Load one export file of one source: land, validate, quarantine, replace the slices it brings and
// record the ledger row, in one transaction. The same content twice changes nothing.
import crypto from "node:crypto";
import fs from "node:fs";
import { contractFields } from "./contract.ts";
import { HeaderError, headerFit, mapHeaders } from "./headers.ts";
import { pseudonymMacroSql } from "./pseudonym.ts";
import { csvRows, csvSelect, dropLanded, FileFormatError, prepareCsvRead, sniffCsv, type CsvShape, type LandedText } from "./read-csv.ts";
import { landXlsx, sniffXlsx, type XlsxShape } from "./read-xlsx.ts";
import type { SourceDefinition } from "./source.ts";
import { ident, literal, PARSE_MACROS_SQL } from "./sql.ts";
import { checkedSql, compileField, rawColumns, uniqueSql } from "./validate.ts";
import type { Warehouse } from "../warehouse/connection.ts";

export interface LoadOptions {
  secret: Buffer;
  /** Today in Asia/Jakarta, yyyy-mm-dd (the clock is injected). */
  today: string;
  now: () => Date;
  /** The file name as recorded in the ledger and messages (relative to the project). */
  displayName?: string;
  /** Extra header aliases from the steward's alias file, per canonical column. */
  extraAliases?: Record<string, string[]>;
  /** XLSX: the sheet to read (default: the first non-empty one). */
  sheet?: string;
  /** Called with a fraction 0..1 while DuckDB works (for a progress bar). */
  onProgress?: (fraction: number) => void;
}

export interface RuleCount {
  kolom: string | null;
  aturan: string;
  jumlah: number;
  contoh_baris: number;
}

export interface LoadResult {
  status: "loaded" | "unchanged";
  source: string;
  file: string;
  sha256: string;
  loadId: number | null;
  rowsIn: number;
  rowsOk: number;
  rowsRejected: number;
  rowsReplaced: number;
  blankRows: number;
  rules: RuleCount[];
  droppedColumns: string[];
  unknownColumns: string[];
}

/** A problem with a whole file: nothing of it was loaded. The message names the file. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = "IngestError";
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  const stream = fs.createReadStream(file);
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } finally {
    stream.destroy();
  }
  return hash.digest("hex");
}

export function isXlsx(file: string): boolean {
  return /\.xlsx$/i.test(file);
}

/** Indices of header cells mapped to date fields (Excel serial numbers are converted there). */
function dateColumns(source: SourceDefinition, columns: Map<string, number>): Set<number> {
  const out = new Set<number>();
  for (const f of contractFields(source.contract)) if (f.spec.kind === "date" && columns.has(f.name)) out.add(columns.get(f.name)!);
  return out;
}

export async function ensureSourceTables(wh: Warehouse, source: SourceDefinition): Promise<void> {
  const cols = rawColumns(source)
    .map((c) => `${ident(c.name)} ${c.type}`)
    .join(", ");
  await wh.exec(`
    CREATE TABLE IF NOT EXISTS raw.${ident(source.name)} (_load_id INTEGER NOT NULL, _row INTEGER NOT NULL, _partisi VARCHAR NOT NULL, ${cols});
    CREATE TABLE IF NOT EXISTS quarantine.${ident(source.name)} (
      _load_id INTEGER NOT NULL, file VARCHAR NOT NULL, baris INTEGER NOT NULL,
      kolom VARCHAR, aturan VARCHAR NOT NULL, nilai VARCHAR);`);
}

export async function loadFile(
  wh: Warehouse,
  source: SourceDefinition,
  file: string,
  options: LoadOptions,
): Promise<LoadResult> {
  const name = options.displayName ?? file;
  if (!fs.existsSync(file)) throw new IngestError(name, "berkas tidak ditemukan");
  const sha256 = await sha256File(file);
  const base = { source: source.name, file: name, sha256 };

  const previous = await wh.query<{ load_id: number; rows_in: number; rows_ok: number; rows_rejected: number }>(
    `SELECT load_id, rows_in, rows_ok, rows_rejected FROM meta.loads
     WHERE source = $1 AND sha256 = $2 AND status = 'loaded' ORDER BY load_id DESC LIMIT 1`,
    [source.name, sha256],
  );
  if (previous.length > 0) {
    const p = previous[0];
    return {
      ...base,
      status: "unchanged",
      loadId: p.load_id,
      rowsIn: p.rows_in,
      rowsOk: p.rows_ok,
      rowsRejected: p.rows_rejected,
      rowsReplaced: 0,
      blankRows: 0,
      rules: [],
      droppedColumns: [],
      unknownColumns: [],
    };
  }

  let shape: CsvShape | XlsxShape;
  let mapping;
  try {
    shape = isXlsx(file)
      ? await sniffXlsx(file, (headers) => headerFit(headers, source, options.extraAliases), options.sheet)
      : sniffCsv(file);
    mapping = mapHeaders(shape.headers, source, options.extraAliases);
  } catch (e) {
    if (e instanceof HeaderError || e instanceof FileFormatError) throw new IngestError(name, e.message);
    throw e;
  }

  const started = options.now();
  await ensureSourceTables(wh, source);
  await wh.exec(PARSE_MACROS_SQL + pseudonymMacroSql(options.secret));

  // Trimmed, empty → NULL. Most cells neither start nor end with a character \s matches (RE2:
  // [\t\n\f\r ], all <= ' '): they skip the regular expression, whose result would be the cell.
  // The last character is tested byte-wise (ends_with): reverse() split every cell into graphemes.
  const ends = ["' '", "chr(9)", "chr(10)", "chr(12)", "chr(13)"];
  const clean = (i: number) =>
    `CASE WHEN ascii(c${i}) <= 32 OR ${ends.map((e) => `ends_with(c${i}, ${e})`).join(" OR ")} THEN NULLIF(regexp_replace(c${i}, '^\\s+|\\s+$', '', 'g'), '') ELSE c${i} END`;
  const projection: string[] = [];
  for (const f of contractFields(source.contract)) {
    const i = mapping.columns.get(f.name);
    const text = i === undefined ? "NULL::VARCHAR" : clean(i);
    if (f.spec.personal) {
      // Validate and pseudonymise in the reader's own projection: the clear value is never stored.
      const compiled = compileField(f, literal(options.today) + "::DATE");
      const sub = (sql: string) => sql.split(ident(f.name)).join(`(${text})`);
      projection.push(`kp_pseudonym(${sub(compiled.typed)}) AS ${ident(f.name)}`);
      projection.push(`${sub(compiled.violation)} AS ${ident(f.name + "__rule")}`);
    } else projection.push(`${text} AS ${ident(f.name)}`);
  }

  let progressTimer: NodeJS.Timeout | undefined;
  if (options.onProgress) {
    const report = options.onProgress;
    progressTimer = setInterval(() => {
      const p = wh.connection.progress;
      if (p.percentage >= 0) report(Math.min(1, p.percentage / 100));
    }, 200);
  }
  try {
    return await wh.transaction(async () => {
      const today = literal(options.today) + "::DATE";
      // One pass: the reader's projection (trim, pseudonymise) feeds the checks directly; only
      // the typed values and verdicts are materialised, in `_checked`.
      let landed: LandedText;
      if (shape.kind === "xlsx") {
        const text = await landXlsx(wh, file, shape, projection, [...mapping.columns.values()], dateColumns(source, mapping.columns));
        await wh.exec(`CREATE TEMP TABLE _checked AS ${checkedSql(source, text.relation, today)}`);
        landed = { ...text, relation: `(SELECT * FROM _checked WHERE NOT _blank)` };
      } else {
        await prepareCsvRead(wh);
        await wh.exec(`CREATE TEMP TABLE _checked AS ${checkedSql(source, `(${csvSelect(file, shape, projection)})`, today)}`);
        landed = await csvRows(wh, "_checked", shape);
      }
      for (const sql of uniqueSql(source, "_checked")) await wh.exec(sql);
      const checked = landed.relation;
      const counts = await wh.one<{ total: number; ok: number; blank: number }>(
        `SELECT count(*) FILTER (WHERE NOT _blank) AS total,
                count(*) FILTER (WHERE NOT _blank AND len(_violations) = 0) AS ok,
                count(*) FILTER (WHERE _blank) AS blank FROM _checked`,
      );
      const rowsIn = counts.total + landed.parseRejects.length;
      const rowsRejected = counts.total - counts.ok + landed.parseRejects.length;
      const { id: loadId } = await wh.one<{ id: number }>(`SELECT nextval('meta.load_seq') AS id`);

      const target = `raw.${ident(source.name)}`;
      const partitions = (
        await wh.query<{ p: string }>(`SELECT DISTINCT _partisi AS p FROM _checked WHERE NOT _blank AND len(_violations) = 0 ORDER BY 1`)
      ).map((r) => r.p);
      const { replaced } = await wh.one<{ replaced: number }>(
        `SELECT count(*) AS replaced FROM ${target} WHERE _partisi IN (SELECT DISTINCT _partisi FROM _checked WHERE NOT _blank AND len(_violations) = 0)`,
      );
      if (replaced > 0)
        await wh.exec(
          `DELETE FROM ${target} WHERE _partisi IN (SELECT DISTINCT _partisi FROM _checked WHERE NOT _blank AND len(_violations) = 0)`,
        );
      const cols = rawColumns(source).map((c) => ident(c.name));
      await wh.exec(`INSERT INTO ${target} (_load_id, _row, _partisi, ${cols.join(", ")})
        SELECT ${loadId}, _row, _partisi, ${cols.join(", ")} FROM ${checked} WHERE len(_violations) = 0${landed.parseRejects.length ? " ORDER BY _row" : ""}`);
      await wh.exec(`INSERT INTO quarantine.${ident(source.name)}
        SELECT ${loadId}, ${literal(name)}, _row, v.kolom, v.aturan, v.nilai
        FROM (SELECT _row, unnest(_violations) AS v FROM ${checked} WHERE len(_violations) > 0)`);
      if (landed.parseRejects.length > 0) {
        const values = landed.parseRejects.map((r) => `(${loadId}, ${literal(name)}, ${r.line}, NULL, ${literal(r.reason)}, NULL)`);
        await wh.exec(`INSERT INTO quarantine.${ident(source.name)} VALUES ${values.join(", ")}`);
      }
      await wh.query(
        `INSERT INTO meta.loads (load_id, source, file, sha256, rows_in, rows_ok, rows_rejected, rows_replaced, partitions, status, started, finished)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::VARCHAR[], 'loaded', $10::TIMESTAMPTZ, $11::TIMESTAMPTZ)`,
        [
          loadId,
          source.name,
          name,
          sha256,
          rowsIn,
          counts.ok,
          rowsRejected,
          replaced,
          JSON.stringify(partitions),
          started.toISOString(),
          options.now().toISOString(),
        ],
      );
      // An earlier load none of whose rows remain has been wholly replaced.
      await wh.exec(`UPDATE meta.loads SET status = 'superseded'
        WHERE source = ${literal(source.name)} AND status = 'loaded' AND load_id <> ${loadId} AND rows_ok > 0
          AND load_id NOT IN (SELECT DISTINCT _load_id FROM ${target})`);
      const rules = await wh.query<RuleCount>(
        `SELECT kolom, aturan, count(*) AS jumlah, min(baris) AS contoh_baris FROM quarantine.${ident(source.name)}
         WHERE _load_id = ${loadId} GROUP BY kolom, aturan ORDER BY jumlah DESC, kolom`,
      );
      return {
        ...base,
        status: "loaded" as const,
        loadId,
        rowsIn,
        rowsOk: counts.ok,
        rowsRejected,
        rowsReplaced: replaced,
        blankRows: counts.blank,
        rules,
        droppedColumns: mapping.dropped,
        unknownColumns: mapping.unknown,
      };
    });
  } finally {
    if (progressTimer) clearInterval(progressTimer);
    await dropLanded(wh).catch(() => {});
  }
}
