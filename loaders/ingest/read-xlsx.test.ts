// XLSX exports with the quirks of real ones: a title block above the header, a two-row header with
// merged cells, numbers stored as text (with decimal commas), Excel serial dates and real dates,
// formula cells, blank rows. Each lands like the CSV path, with the spreadsheet's own row numbers.
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../warehouse/connection.ts";
import type { LoadResult } from "./load.ts";
import { excelSerialToIso } from "./read-xlsx.ts";
import { findTextAnywhere, load, memoryWarehouse, quarantine, tempDir } from "../../test/helpers.ts";
import { skm } from "../sources/skm/index.ts";
import { iku } from "../sources/iku/index.ts";

const tmp = tempDir("kinerja-xlsx-");
let wh: Warehouse;
let skmResult: LoadResult;
let ikuResult: LoadResult;

async function writeSkmWorkbook(file: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Rekap SKM");
  ws.getCell("A1").value = "REKAPITULASI SURVEI KEPUASAN MASYARAKAT";
  ws.mergeCells("A1:L1");
  ws.getCell("A2").value = "Periode: Semester I 2024";
  // Row 4-5: a two-row header. Tanggal, Kode Unit and Nama Responden are merged down over rows 4-5;
  // "Unsur Pelayanan" spans C4:K4 and is split into U1..U9 on row 5.
  ws.getCell("A4").value = "Tanggal";
  ws.mergeCells("A4:A5");
  ws.getCell("B4").value = "Kode Unit";
  ws.mergeCells("B4:B5");
  ws.getCell("C4").value = "Unsur Pelayanan";
  ws.mergeCells("C4:K4");
  ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"].forEach((u, i) => (ws.getRow(5).getCell(3 + i).value = u));
  ws.getCell("L4").value = "Nama Responden";
  ws.mergeCells("L4:L5");
  // Row 6: serial date 45352 = 2024-03-01; answers stored as text.
  ws.getRow(6).values = [45352, "PKM-PARIAMAN", "4", "3", "3", "3", "3", "3", "3", "3", "2", "Rahmat Hidayat"];
  // Row 7: a real date cell and a formula whose cached result is the answer.
  ws.getRow(7).values = [new Date(Date.UTC(2024, 2, 5)), "PKM-PARIAMAN", 4, 4, 4, 4, 4, 4, 4, 4, { formula: "2+2", result: 4 }, "Siti Aminah"];
  // Row 8 blank; row 9 a date that is not a date; row 10 an answer out of range.
  ws.getRow(9).values = ["bukan tanggal", "PKM-PARIAMAN", 4, 4, 4, 4, 4, 4, 4, 4, 4, "Budi Santoso"];
  ws.getRow(10).values = ["06/03/2024", "PKM-PARIAMAN", 5, 4, 4, 4, 4, 4, 4, 4, 4, "Yusuf Efendi"];
  await wb.xlsx.writeFile(file);
}

async function writeIkuWorkbook(file: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Realisasi");
  ws.getCell("A1").value = "Realisasi IKU Tahun 2025";
  ws.getRow(3).values = ["Tahun", "Triwulan", "Kode OPD", "Kode Indikator", "Target", "Realisasi"];
  ws.getRow(4).values = ["2025", "1", "SETDA", "SETDA-01", "70", "60,5"];
  ws.getRow(5).values = [2025, null, "SETDA", "SETDA-01", "80-90", "1.234,5"];
  await wb.xlsx.writeFile(file);
}

beforeAll(async () => {
  wh = await memoryWarehouse();
  const skmFile = path.join(tmp.dir, "skm.xlsx");
  const ikuFile = path.join(tmp.dir, "iku.xlsx");
  await writeSkmWorkbook(skmFile);
  await writeIkuWorkbook(ikuFile);
  skmResult = await load(wh, skm, skmFile);
  ikuResult = await load(wh, iku, ikuFile);
});
afterAll(() => {
  wh?.close();
  tmp.cleanup();
});

describe("XLSX exports", () => {
  it("converts Excel serial dates by the 1899-12-30 epoch", () => {
    // 1 Jan 1900 is serial 1 in Excel's calendar, and 45352 is 1 March 2024 (counted by hand from
    // 25569 = 1970-01-01: 45352 - 25569 = 19783 days after the Unix epoch).
    expect(excelSerialToIso(25569)).toBe("1970-01-01");
    expect(excelSerialToIso(45352)).toBe(new Date(19783 * 86400000).toISOString().slice(0, 10));
    expect(excelSerialToIso(45352)).toBe("2024-03-01");
  });

  it("finds the header under a title block and a merged two-row header, and keeps sheet row numbers", async () => {
    expect(skmResult.rowsIn).toBe(4);
    expect(skmResult.rowsOk).toBe(2);
    expect(skmResult.rowsRejected).toBe(2);
    const rows = await wh.query<Record<string, unknown>>(
      `SELECT _row, tanggal, persyaratan, prosedur, pengaduan, sarana FROM raw.skm ORDER BY _row`,
    );
    expect(rows).toEqual([
      { _row: 6, tanggal: "2024-03-01", persyaratan: 4, prosedur: 3, pengaduan: 3, sarana: 2 },
      { _row: 7, tanggal: "2024-03-05", persyaratan: 4, prosedur: 4, pengaduan: 4, sarana: 4 },
    ]);
  });

  it("quarantines bad cells with the spreadsheet row, column and rule", async () => {
    const q = await quarantine(wh, "skm");
    expect(q.map((r) => [r.baris, r.kolom, r.aturan, r.nilai])).toEqual([
      [9, "tanggal", "bukan tanggal (dd/mm/yyyy atau yyyy-mm-dd)", "bukan tanggal"],
      [10, "persyaratan", "di luar rentang 1-4", "5"],
    ]);
  });

  it("reads numbers stored as text with decimal commas and range targets", async () => {
    expect(ikuResult.rowsOk).toBe(2);
    const rows = await wh.query(`SELECT _row, triwulan, target_nilai, target_atas, realisasi FROM raw.iku ORDER BY _row`);
    expect(rows).toEqual([
      { _row: 4, triwulan: 1, target_nilai: 70, target_atas: null, realisasi: 60.5 },
      { _row: 5, triwulan: null, target_nilai: 80, target_atas: 90, realisasi: 1234.5 },
    ]);
  });

  it("never stores the respondents' names", async () => {
    expect(await findTextAnywhere(wh, ["Rahmat Hidayat", "Siti Aminah", "Budi Santoso", "Yusuf Efendi"])).toEqual([]);
  });
});
