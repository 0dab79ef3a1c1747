// Land an XLSX export (DuckDB's excel extension cannot be installed here, so exceljs reads it).
// Real exports have quirks: a title block above the header row, merged header cells, numbers stored
// as text, dates as Excel serial numbers. Only the columns the contract maps are appended to DuckDB
// (through the Appender, not row by row SQL), so names never reach even a temporary table.
import ExcelJS from "exceljs";
import type { Warehouse } from "../warehouse/connection.ts";
import { FileFormatError, type LandedText } from "./read-csv.ts";
import { ident } from "./sql.ts";

export interface XlsxShape {
  kind: "xlsx";
  sheet: string;
  headerRow: number;
  headers: string[];
}

const HEADER_SCAN_ROWS = 30;

/** Excel's day 0 is 1899-12-30 (it counts the non-existent 1900-02-29). */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const ms = Math.round((serial - 25569) * 86400 * 1000);
  return new Date(ms).toISOString().slice(0, 10);
}

/** One cell as the text a CSV export would have carried. */
export function cellText(value: ExcelJS.CellValue, isDateColumn: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number") {
    if (isDateColumn) return excelSerialToIso(value) ?? String(value);
    // An integer past 2^53 was not stored exactly: Excel keeps 15 significant digits, so an 18-digit
    // NIP typed as a number has already lost its serial. Its exponent form fails every rule (an NIP
    // must be 18 digits, a count a plain number) instead of passing as someone else's NIP.
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return value.toExponential();
    return String(value);
  }
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue, isDateColumn);
    if ("formula" in value || "sharedFormula" in value) return null;
    if ("text" in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ("error" in value) return String((value as ExcelJS.CellErrorValue).error);
  }
  return String(value);
}

async function openSheet(file: string, sheetName?: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new FileFormatError(
      /central directory|zip|signature|corrupt/i.test(message)
        ? "bukan berkas XLSX yang dapat dibaca: arsip zip rusak atau terpotong, atau berkas lain yang diberi nama .xlsx"
        : `bukan berkas XLSX yang dapat dibaca (${message.split("\n")[0].replace(/,? ?see https?:\S+/g, "").slice(0, 200)})`,
    );
  }
  const sheet = sheetName
    ? wb.worksheets.find((w) => w.name.toLowerCase() === sheetName.toLowerCase())
    : wb.worksheets.find((w) => w.actualRowCount > 0) ?? wb.worksheets[0];
  if (!sheet) throw new FileFormatError(sheetName ? `lembar "${sheetName}" tidak ada` : "berkas XLSX tanpa lembar kerja");
  return sheet;
}

function rowTexts(row: ExcelJS.Row, width: number): (string | null)[] {
  const out: (string | null)[] = [];
  for (let c = 1; c <= width; c++) {
    const t = cellText(row.getCell(c).value, false);
    out.push(t === null ? null : t.replace(/\s+/g, " ").trim() || null);
  }
  return out;
}

/** Find the header row: among the first rows, the one that best fits the source's columns. */
export async function sniffXlsx(file: string, fit: (headers: string[]) => number, sheetName?: string): Promise<XlsxShape> {
  const sheet = await openSheet(file, sheetName);
  const width = sheet.columnCount;
  if (width === 0 || sheet.actualRowCount === 0) throw new FileFormatError(`lembar "${sheet.name}" kosong`);
  let best = { row: 0, score: 0, headers: [] as string[] };
  for (let r = 1; r <= Math.min(HEADER_SCAN_ROWS, sheet.rowCount); r++) {
    // A two-row header: a cell left empty under a merged or taller label takes that label
    // ("Tanggal" merged over rows 4-5 beside "Unsur Pelayanan" split into U1..U9 on row 5).
    const own = rowTexts(sheet.getRow(r), width);
    const above = r > 1 ? rowTexts(sheet.getRow(r - 1), width) : [];
    const headers = own.map((h, c) => {
      if (h) return h;
      const cell = sheet.getRow(r).getCell(c + 1);
      if (cell.isMerged && cell.master !== cell) return cellText(cell.master.value, false)?.trim() ?? "";
      return above[c] ?? "";
    });
    const score = fit(headers);
    if (score > best.score) best = { row: r, score, headers };
  }
  if (best.row === 0)
    throw new FileFormatError(`baris judul kolom tidak ditemukan di ${HEADER_SCAN_ROWS} baris pertama lembar "${sheet.name}"`);
  let data = false;
  for (let r = best.row + 1; r <= sheet.rowCount && !data; r++) data = rowTexts(sheet.getRow(r), width).some((t) => t !== null);
  if (!data)
    throw new FileFormatError(`tidak ada baris data di bawah baris judul (baris ${best.row}) lembar "${sheet.name}": tidak ada yang dimuat`);
  return { kind: "xlsx", sheet: sheet.name, headerRow: best.row, headers: best.headers };
}

/**
 * Append the mapped columns of every row below the header into TEMP `_xlsx_text`, then project it
 * into `_landed` like the CSV path. _row is the spreadsheet's own row number.
 */
export async function landXlsx(
  wh: Warehouse,
  file: string,
  shape: XlsxShape,
  projection: string[],
  mapped: number[],
  dateColumns: Set<number>,
): Promise<LandedText> {
  const sheet = await openSheet(file, shape.sheet);
  const width = Math.max(sheet.columnCount, shape.headers.length);
  await wh.exec(`DROP TABLE IF EXISTS _xlsx_text; DROP TABLE IF EXISTS _landed;`);
  const cols = mapped.map((i) => `${ident(`c${i}`)} VARCHAR`);
  await wh.exec(`CREATE TEMP TABLE _xlsx_text (_row INTEGER, ${[...cols, "_blank BOOLEAN"].join(", ")})`);
  const appender = await wh.connection.createAppender("_xlsx_text", "main", "temp");
  let rows = 0;
  try {
    for (let r = shape.headerRow + 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      let blank = true;
      for (let c = 1; c <= width && blank; c++) if (cellText(row.getCell(c).value, false)?.trim()) blank = false;
      if (blank) continue;
      appender.appendInteger(r);
      for (const i of mapped) {
        const t = cellText(row.getCell(i + 1).value, dateColumns.has(i));
        if (t === null) appender.appendNull();
        else appender.appendVarchar(t);
      }
      appender.appendBoolean(false);
      appender.endRow();
      rows++;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  await wh.exec(`CREATE TEMP TABLE _landed AS SELECT _row, ${projection.join(", ")}, _blank FROM _xlsx_text ORDER BY _row;
    DROP TABLE _xlsx_text;`);
  return { rows, parseRejects: [], relation: `(SELECT * FROM _landed)` };
}
