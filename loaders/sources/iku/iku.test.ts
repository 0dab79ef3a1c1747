// The IKU loader: e-SAKIP export with decimal commas and range targets, belum lapor kept as NULL,
// every rejection rule (unknown OPD/indicator, indicator of another OPD, non-numeric values,
// duplicates, broken lines), and free-text notes never stored.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../warehouse/connection.ts";
import type { LoadResult } from "../../ingest/load.ts";
import { findTextAnywhere, load, memoryWarehouse, quarantine } from "../../../test/helpers.ts";
import { iku } from "./index.ts";

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fx = (name: string) => path.join(FIX, name);

let wh: Warehouse;
const results: Record<string, LoadResult> = {};
beforeAll(async () => {
  wh = await memoryWarehouse();
  for (const f of ["iku_esakip.csv", "iku_rejections.csv"]) results[f] = await load(wh, iku, fx(f));
});
afterAll(() => wh?.close());

async function rawRows(file: string) {
  return wh.query<Record<string, unknown>>(
    `SELECT _row, tahun, triwulan, kode_opd, kode_indikator, target, target_nilai, target_atas, realisasi
     FROM raw.iku r JOIN meta.loads l ON l.load_id = r._load_id WHERE l.file = $1 ORDER BY _row`,
    [file],
  );
}

it("e-SAKIP export: ';', decimal comma, thousands dots, range target, empty target and realisasi (belum lapor)", async () => {
  expect(results["iku_esakip.csv"]).toMatchObject({ rowsIn: 5, rowsOk: 5, rowsRejected: 0 });
  expect((await rawRows("iku_esakip.csv")).map((r) => Object.values(r))).toEqual([
    [2, 2024, 1, "SETDA", "SETDA-01", "66,5", 66.5, null, 64.25],
    [3, 2024, 1, "INSPEKTORAT", "INSPEKTORAT-02", "7,5", 7.5, null, 6.5],
    [4, 2024, 1, "BPKD", "BPKD-01", "90-100", 90, 100, 95.5],
    [5, 2024, 1, "SETDA", "SETDA-02", null, null, null, null], // belum lapor: NULL, never 0
    [6, 2024, null, "SETDA", "SETDA-01", null, null, null, 1234.5], // annual row, "1.234,5"
  ]);
});

it("each rejection rule, with header aliases in another case and a dropped Keterangan column", async () => {
  const r = results["iku_rejections.csv"];
  expect(r).toMatchObject({ rowsIn: 9, rowsOk: 1, rowsRejected: 8 });
  expect(r.rowsIn).toBe(r.rowsOk + r.rowsRejected);
  expect(r.droppedColumns).toEqual(["Keterangan"]);
  const q = (await quarantine(wh, "iku")).filter((x) => x.file === "iku_rejections.csv");
  const other = "indikator ini milik OPD lain menurut katalog";
  expect(q.map((x) => [x.baris, x.kolom, x.aturan, x.nilai])).toEqual([
    [3, "kode_indikator", other, "SETDA-02"], // SETDA-02 belongs to SETDA, not to the unknown DISNAKER
    [3, "kode_opd", "kode OPD tidak dikenal (tidak ada di data/reference/opd.csv)", "DISNAKER"],
    [4, "kode_indikator", "kode indikator tidak ada di katalog (data/reference/indikator.csv)", "SETDA-99"],
    [5, "kode_indikator", other, "BPKD-02"],
    [6, "realisasi", "bukan angka", "N/A"],
    [7, "triwulan", "di luar rentang 1-4", "5"],
    [8, "target", "target bukan angka atau rentang (contoh: 95 atau 80-90)", "tinggi"],
    [9, "kode_indikator", "indikator yang sama muncul lebih dari sekali untuk tahun dan triwulan yang sama", "SETDA-01"],
    [10, null, "jumlah kolom lebih dari baris judul", null],
  ]);
  expect((await rawRows("iku_rejections.csv")).map((x) => [x._row, x.kode_indikator, x.realisasi])).toEqual([[2, "SETDA-01", 65]]);
});

it("free-text notes are never stored", async () => {
  expect(await findTextAnywhere(wh, ["SETDA-99"])).not.toEqual([]);
  expect(await findTextAnywhere(wh, ["Sesuai rencana aksi", "OPD tidak ada", "baris ganda", "indikator OPD lain"])).toEqual([]);
});
