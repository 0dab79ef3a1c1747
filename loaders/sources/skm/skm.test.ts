// The SKM loader against small survey fixtures: unsur matched by name (the swapped U8/U9 of old
// questionnaires land in the right columns), each format variant, each rejection rule, and no
// name, NIK or saran stored anywhere.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../warehouse/connection.ts";
import { IngestError, type LoadResult } from "../../ingest/load.ts";
import { findTextAnywhere, load, memoryWarehouse, quarantine } from "../../../test/helpers.ts";
import { skm } from "./index.ts";

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fx = (name: string) => path.join(FIX, name);
const FILES = ["skm_regulation_order.csv", "skm_swapped_names_bom_crlf.csv", "skm_rejections.csv", "skm_latin1.csv"];
const U = ["persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan", "sarana"];

let wh: Warehouse;
const results: Record<string, LoadResult> = {};

beforeAll(async () => {
  wh = await memoryWarehouse();
  for (const f of FILES) results[f] = await load(wh, skm, fx(f));
});
afterAll(() => wh?.close());

type Raw = Record<string, unknown> & { _row: number };
async function rawRows(file: string): Promise<Raw[]> {
  return wh.query<Raw>(
    `SELECT r.* EXCLUDE (_load_id, _partisi) FROM raw.skm r JOIN meta.loads l ON l.load_id = r._load_id WHERE l.file = $1 ORDER BY _row`,
    [file],
  );
}
const answers = (r: Raw) => U.map((u) => r[u]);

describe("accepted variants", () => {
  it("U1..U9 in the regulation's order, ',' with quoted saran, dd/mm/yyyy and d/m/yyyy, decimal comma, empty answer", async () => {
    expect(results["skm_regulation_order.csv"]).toMatchObject({ rowsIn: 3, rowsOk: 3, rowsRejected: 0 });
    expect(results["skm_regulation_order.csv"].droppedColumns.sort()).toEqual(["NIK", "Nama Responden", "Saran"]);
    const rows = await rawRows("skm_regulation_order.csv");
    expect(rows.map((r) => [r._row, r.tanggal, r.kode_unit, ...answers(r), r.jenis_kelamin, r.umur])).toEqual([
      [2, "2024-02-05", "PKM-PARIAMAN", 4, 3, 2, 1, 4, 3, 2, 1, 4, "P", 30],
      [3, "2024-03-01", "PKM-PARIAMAN", 3, 3, 3, 3, 3, 3, 3, 3, 3, "L", 45],
      [4, "2024-03-06", "DUKCAPIL", 4, 4, 4, 4, null, 4, 4, 4, 4, "P", 27],
    ]);
  });

  it("full unsur names with Sarana before Pengaduan land by name; BOM, ';', CRLF, ISO dates, unit by name, loose headers", async () => {
    expect(results["skm_swapped_names_bom_crlf.csv"]).toMatchObject({ rowsIn: 2, rowsOk: 2, rowsRejected: 0 });
    expect(results["skm_swapped_names_bom_crlf.csv"].droppedColumns).toEqual(["Kritik dan Saran"]);
    const rows = await rawRows("skm_swapped_names_bom_crlf.csv");
    // File column 12 is Sarana (4 then 1... see fixture): line 2 answers Sarana 4, Pengaduan 1.
    expect(rows.map((r) => [r._row, r.tanggal, r.kode_unit, r.unit_layanan, r.pengaduan, r.sarana, r.jenis_kelamin, r.umur])).toEqual([
      [2, "2024-04-10", "PKM-NARAS", "Puskesmas Naras", 1, 4, "L", 33],
      [3, "2024-04-11", "PKM-NARAS", "puskesmas  naras", 4, 1, "P", 51],
    ]);
    expect(answers(rows[0]).slice(0, 7)).toEqual([2, 2, 2, 2, 2, 2, 2]);
  });

  it("a Latin-1 file is decoded (text kept right, saran dropped)", async () => {
    expect(results["skm_latin1.csv"]).toMatchObject({ rowsIn: 1, rowsOk: 1, rowsRejected: 0 });
    const [row] = await rawRows("skm_latin1.csv");
    expect(row).toMatchObject({ kode_unit: "PKM-NARAS", pekerjaan: "Pédagang", tanggal: "2023-05-15" });
    expect(answers(row)).toEqual(Array(9).fill(4));
  });
});

describe("rejections", () => {
  it("each rule lands in quarantine with file, baris, kolom, aturan, nilai", async () => {
    const r = results["skm_rejections.csv"];
    expect(r).toMatchObject({ rowsIn: 8, rowsOk: 1, rowsRejected: 7 });
    expect(r.rowsIn).toBe(r.rowsOk + r.rowsRejected);
    const q = (await quarantine(wh, "skm")).filter((x) => x.file === "skm_rejections.csv");
    expect(q.map((x) => [x.baris, x.kolom, x.aturan, x.nilai])).toEqual([
      [3, "waktu", "di luar rentang 1-4", "5"],
      [4, "tanggal", "bukan tanggal (dd/mm/yyyy atau yyyy-mm-dd)", "31/02/2024"],
      [5, "tanggal", "tanggal di masa depan", "16/01/2026"], // the test clock says 15/01/2026
      [6, "kode_unit", "unit layanan tidak dikenal (tidak ada di data/reference/unit_layanan.csv)", "PKM-KAMPUNGBARU"],
      [7, "persyaratan", "tidak satu pun dari sembilan unsur dijawab", null],
      [8, null, "jumlah kolom kurang dari baris judul", null],
      [9, "persyaratan", "bukan angka", "abc"],
    ]);
    expect((await rawRows("skm_rejections.csv")).map((x) => x._row)).toEqual([2]);
  });

  it("a missing unit column (neither kode_unit nor unit_layanan) fails the file and leaves the ledger unchanged", async () => {
    const before = await wh.query(`SELECT * FROM meta.loads ORDER BY load_id`);
    const err = await load(wh, skm, fx("skm_missing_unit.csv")).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(err.message).toContain("skm_missing_unit.csv");
    expect(err.message).toContain("kode_unit atau unit_layanan");
    expect(await wh.query(`SELECT * FROM meta.loads ORDER BY load_id`)).toEqual(before);
  });

  it("rows_in = rows_ok + rows_rejected for every load, and the tables agree", async () => {
    const loads = await wh.query<{ file: string; rows_in: number; rows_ok: number; rows_rejected: number }>(
      `SELECT file, rows_in, rows_ok, rows_rejected FROM meta.loads`,
    );
    expect(loads).toHaveLength(FILES.length);
    for (const l of loads) {
      expect(l.rows_in).toBe(l.rows_ok + l.rows_rejected);
      const { ok } = await wh.one<{ ok: number }>(`SELECT count(*) AS ok FROM raw.skm r JOIN meta.loads m ON m.load_id = r._load_id WHERE m.file = $1`, [l.file]);
      const { bad } = await wh.one<{ bad: number }>(`SELECT count(DISTINCT baris) AS bad FROM quarantine.skm WHERE file = $1`, [l.file]);
      expect([ok, bad]).toEqual([l.rows_ok, l.rows_rejected]);
    }
  });
});

describe("privacy at the door", () => {
  it("no respondent name, NIK or saran text is stored in any table", async () => {
    const needles = [
      "Fitri Handayani", "Ujang Kasim", "1377014101900001", "1377010101790002",
      "Antrian terlalu lama", "Petugas ramah", "Ruang tunggu sempit", "Pelayanan cepat", "Dokter datang",
      "Tanggal salah ketik", "Salah isi tahun", "Unit tidak dikenal", "Tidak menjawab", "Jawaban huruf",
      "terima kasih", "memuaskan",
    ];
    // every needle really is in the fixtures
    const all = FILES.map((f) => fs.readFileSync(fx(f)).toString(f.includes("latin1") ? "latin1" : "utf8")).join("\n");
    for (const n of needles) expect(all).toContain(n);
    expect(await findTextAnywhere(wh, ["PKM-KAMPUNGBARU", "Pédagang"])).not.toEqual([]);
    expect(await findTextAnywhere(wh, needles)).toEqual([]);
  });
});
