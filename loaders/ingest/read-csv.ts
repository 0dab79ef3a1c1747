// Land a CSV export in a TEMP table through DuckDB's own reader (never row by row in JS): BOM,
// `,` `;` tab or `|` delimiters, UTF-8 or Latin-1. Lines DuckDB cannot split into the header's
// columns are kept as parse rejects with their line numbers, so nothing is lost. The file is read
// once, by the same statement that checks it (load.ts).
import fs from "node:fs";
import { ident, literal } from "./sql.ts";
import type { Warehouse } from "../warehouse/connection.ts";

export interface CsvShape {
  kind: "csv";
  headers: string[];
  delimiter: string;
  encoding: "utf-8" | "latin-1";
}

export class FileFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileFormatError";
  }
}

const HEAD_BYTES = 256 * 1024;

/** Split one CSV line honouring double quotes. Only used for the header line. */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((h) => h.trim());
}

function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ch) n++;
  }
  return n;
}

/** Count well-formed multi-byte UTF-8 sequences and bytes that cannot start or continue one. */
export function utf8Sequences(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

/** Read the header line and decide delimiter and encoding from the first bytes of the file. */
export function sniffCsv(file: string): CsvShape {
  const fd = fs.openSync(file, "r");
  let head: Buffer;
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = fs.readSync(fd, buf, 0, HEAD_BYTES, 0);
    head = buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
  if (head.length === 0) throw new FileFormatError("berkas kosong (0 byte)");
  if (head.includes(0)) throw new FileFormatError("bukan berkas teks CSV (berisi byte biner)");
  let encoding: CsvShape["encoding"] = "utf-8";
  let text: string;
  // The head may end inside a multi-byte character; decode only up to the last newline.
  const lastNl = head.lastIndexOf(0x0a);
  const slice = lastNl > 0 && head.length === HEAD_BYTES ? head.subarray(0, lastNl) : head;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(slice);
  } catch {
    // Not valid UTF-8. A Windows-1252 export has accented letters as single high bytes and almost
    // never a valid multi-byte sequence; a damaged UTF-8 export has many valid ones and a few bad
    // bytes. Only the former is re-read as Windows-1252; the latter stays UTF-8 so its bad lines are
    // quarantined ("karakter tidak sah") instead of every accented letter loading garbled.
    const { valid, invalid } = utf8Sequences(slice);
    if (valid > 0 && valid >= invalid) text = new TextDecoder("utf-8").decode(slice);
    else {
      encoding = "latin-1";
      text = new TextDecoder("latin1").decode(slice);
    }
  }
  text = text.replace(/^\uFEFF/, "");
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  if (firstLine.trim() === "") throw new FileFormatError("baris 1 (judul kolom) kosong");
  const candidates = [";", ",", "\t", "|"];
  const delimiter = candidates
    .map((d) => ({ d, n: countOutsideQuotes(firstLine, d) }))
    .sort((a, b) => b.n - a.n)[0];
  if (delimiter.n === 0) throw new FileFormatError("baris judul hanya berisi satu kolom: pemisah kolom (; atau ,) tidak dikenali");
  return { kind: "csv", headers: splitCsvLine(firstLine, delimiter.d), delimiter: delimiter.d, encoding };
}

export interface LandedText {
  /** Data rows read (blank lines excluded). */
  rows: number;
  /** Lines that could not be split into the header's columns: [line number, reason]. */
  parseRejects: { line: number; reason: string }[];
  /** A FROM-able SQL expression yielding _row (the line number in the file) and the projected columns. */
  relation: string;
}

/**
 * The SELECT that streams the file through DuckDB's reader, keeping only `projection` (SQL
 * expressions over c0..cN, each with its alias) plus `_blank` and `_row`, the row's position among
 * the rows read (1, 2, ...; the reader emits them in file order, and so does row_number() OVER ()
 * without ORDER BY, which DuckDB streams in input order): unread
 * columns, such as names, are never materialised, and personal columns arrive already pseudonymised.
 * Lines DuckDB cannot split are kept aside in TEMP `_rej_err` (see csvRows). The caller wraps this
 * in the one statement that also checks the rows, so the file is read and checked in a single pass.
 */
export function csvSelect(file: string, shape: CsvShape, projection: string[]): string {
  const columns = shape.headers.map((_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  // Blank: every cell empty or spaces. Column by column (DuckDB stops at the first non-blank cell)
  // rather than trimming the concatenation of all cells: the same verdict at a fraction of the work.
  const blank = shape.headers.map((_, i) => `(c${i} IS NULL OR trim(c${i}) = '')`).join(" AND ");
  return `SELECT CAST(row_number() OVER () AS INTEGER) AS _row, ${projection.join(", ")}, ${blank} AS _blank FROM read_csv(${literal(file)},
      header = false, skip = 1, auto_detect = false, delim = ${literal(shape.delimiter)},
      quote = '"', escape = '"', columns = {${columns}}, encoding = ${literal(shape.encoding)},
      store_rejects = true, rejects_table = '_rej_err', rejects_scan = '_rej_scan',
      max_line_size = 10000000, strict_mode = true)`;
}

/** Drop what an earlier csvSelect may have left (call before running it). */
export async function prepareCsvRead(wh: Warehouse): Promise<void> {
  await wh.exec(`DROP TABLE IF EXISTS _rej_err; DROP TABLE IF EXISTS _rej_scan; DROP TABLE IF EXISTS _lines;`);
}

/**
 * After `table` was created from csvSelect (blank rows included, `_row` the position among the rows
 * read): the parse rejects with their line numbers, and a relation over `table` with the real line
 * number as `_row`, blank rows left out.
 */
export async function csvRows(wh: Warehouse, table: string, shape: CsvShape): Promise<LandedText> {
  const parseRejects = await wh.query<{ line: number; reason: string }>(
    `SELECT line, min(CASE error_type
        WHEN 'MISSING COLUMNS' THEN 'jumlah kolom kurang dari baris judul'
        WHEN 'TOO MANY COLUMNS' THEN 'jumlah kolom lebih dari baris judul'
        WHEN 'UNQUOTED VALUE' THEN 'tanda kutip tidak seimbang'
        WHEN 'INVALID ENCODING' THEN 'karakter tidak sah untuk ' || ${literal(shape.encoding)}
        WHEN 'LINE SIZE OVER MAXIMUM' THEN 'baris terlalu panjang'
        ELSE 'baris tidak dapat dibaca' END) AS reason
     FROM _rej_err GROUP BY line ORDER BY line`,
  );
  await wh.exec(`DROP TABLE IF EXISTS _rej_err; DROP TABLE IF EXISTS _rej_scan;`);
  const { n, blank } = await wh.one<{ n: number; blank: number }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE _blank) AS blank FROM ${table}`,
  );
  if (parseRejects.length === 0)
    // Line 1 is the header: the k-th row read is line k + 1.
    return { rows: n - blank, parseRejects, relation: `(SELECT * REPLACE (_row + 1 AS _row) FROM ${table} WHERE NOT _blank)` };
  // The k-th row read is the k-th line of the file that is neither the header nor a rejected line.
  await wh.exec(`
    CREATE TEMP TABLE _lines AS
    SELECT CAST(l AS INTEGER) AS line, CAST(row_number() OVER (ORDER BY l) AS INTEGER) AS k
    FROM range(2, ${n + parseRejects.length + 2}) t(l)
    WHERE l NOT IN (${parseRejects.map((r) => r.line).join(",")})`);
  return {
    rows: n - blank,
    parseRejects,
    relation: `(SELECT t.* REPLACE (_lines.line AS _row) FROM ${table} t JOIN _lines ON _lines.k = t._row WHERE NOT t._blank)`,
  };
}

/** Drop the TEMP tables of a landing. */
export async function dropLanded(wh: Warehouse): Promise<void> {
  await wh.exec(`DROP TABLE IF EXISTS _landed; DROP TABLE IF EXISTS _lines; DROP TABLE IF EXISTS _checked; DROP TABLE IF EXISTS _first; DROP TABLE IF EXISTS _xlsx_text; DROP TABLE IF EXISTS _rej_err; DROP TABLE IF EXISTS _rej_scan;`);
}
