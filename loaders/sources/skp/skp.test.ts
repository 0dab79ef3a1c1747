// The SKP loader against small e-Kinerja-like fixtures: each accepted format variant, each rejection
// rule, and nothing personal stored anywhere.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../warehouse/connection.ts";
import { IngestError, type LoadResult } from "../../ingest/load.ts";
import { pseudonym } from "../../ingest/pseudonym.ts";
import { findTextAnywhere, load, memoryWarehouse, quarantine, SECRET, tempDir, writeFile } from "../../../test/helpers.ts";
import { skp } from "./index.ts";

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fx = (name: string) => path.join(FIX, name);

let wh: Warehouse;
const results: Record<string, LoadResult> = {};

beforeAll(async () => {
  wh = await memoryWarehouse();
  for (const f of ["skp_ekinerja_bom_crlf.csv", "skp_rejections.csv", "skp_latin1.csv"]) results[f] = await load(wh, skp, fx(f));
});
afterAll(() => wh?.close());

interface RawSkp {
  _row: number;
  periode: string;
  nip: string;
  jenis_asn: string;
  kode_opd: string;
  unit_kerja: string | null;
  hasil_kerja: string;
  perilaku_kerja: string;
  predikat: string | null;
}

async function rawRows(file: string): Promise<RawSkp[]> {
  return wh.query<RawSkp>(
    `SELECT r.* FROM raw.skp r JOIN meta.loads l ON l.load_id = r._load_id WHERE l.file = $1 ORDER BY _row`,
    [file],
  );
}

describe("accepted variants", () => {
  it("e-Kinerja export: UTF-8 BOM, ';', CRLF, unit kerja by name or singkatan, NIP with spaces, enum aliases", async () => {
    const r = results["skp_ekinerja_bom_crlf.csv"];
    expect(r).toMatchObject({ status: "loaded", rowsIn: 4, rowsOk: 3, rowsRejected: 1 });
    expect(r.droppedColumns.sort()).toEqual(["Jabatan", "Nama"]);
    // Line 5 names an OPD that is not in opd.csv: reported against the Unit Kerja column.
    const q = (await quarantine(wh, "skp")).filter((x) => x.file === "skp_ekinerja_bom_crlf.csv");
    expect(q.map((x) => [x.baris, x.kolom, x.aturan, x.nilai])).toEqual([
      [5, "unit_kerja", "unit kerja tidak dikenal (tidak ada di data/reference/opd.csv)", "Dinas Tenaga Kerja"],
    ]);
    const rows = await rawRows("skp_ekinerja_bom_crlf.csv");
    expect(rows.map((x) => [x._row, x.periode, x.nip, x.jenis_asn, x.kode_opd, x.hasil_kerja, x.perilaku_kerja, x.predikat])).toEqual([
      [2, "2024", pseudonym(SECRET, "198501012010011001"), "PNS", "SETDA", "Di Atas Ekspektasi", "Di Atas Ekspektasi", "Sangat Baik"],
      [3, "2024", pseudonym(SECRET, "198602022011012002"), "PPPK", "DINKES", "Sesuai Ekspektasi", "Sesuai Ekspektasi", null],
      [4, "2024", pseudonym(SECRET, "198703032012011003"), "PNS", "DINKES", "Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Butuh Perbaikan"],
    ]);
  });

  it("Latin-1 file with lower-case aliases; an unknown column is reported, decoded correctly", async () => {
    const r = results["skp_latin1.csv"];
    expect(r).toMatchObject({ status: "loaded", rowsIn: 1, rowsOk: 1, rowsRejected: 0 });
    expect(r.unknownColumns).toEqual(["Kéterangan Tambahan"]);
    expect(r.droppedColumns).toEqual(["nama pegawai"]);
    const [row] = await rawRows("skp_latin1.csv");
    expect(row).toMatchObject({ periode: "2023", kode_opd: "DINKES", predikat: "Baik", nip: pseudonym(SECRET, "196512121990031012") });
  });
});

describe("rejections", () => {
  it("quarantines each bad row with file, baris, kolom and aturan; the NIP value is never kept", async () => {
    const r = results["skp_rejections.csv"];
    // 11 data lines: lines 2 and 12 are good, 3-11 are rejected.
    expect(r).toMatchObject({ status: "loaded", rowsIn: 11, rowsOk: 2, rowsRejected: 9 });
    expect(r.rowsIn).toBe(r.rowsOk + r.rowsRejected);
    const q = (await quarantine(wh, "skp")).filter((x) => x.file === "skp_rejections.csv");
    expect(q.map((x) => [x.baris, x.kolom, x.aturan, x.nilai])).toEqual([
      [3, "nip", "NIP harus 18 angka dan tidak berakhir 000 (nomor urut mulai 001; angka 000 biasanya NIP yang dibulatkan Excel)", null], // 17 digits
      [4, "nip", "NIP harus 18 angka dan tidak berakhir 000 (nomor urut mulai 001; angka 000 biasanya NIP yang dibulatkan Excel)", null], // a letter
      [5, "kode_opd", "kode OPD tidak dikenal (tidak ada di data/reference/opd.csv)", "DISNAKER"],
      [6, "nip", "NIP yang sama muncul lebih dari sekali dalam periode yang sama", null], // line 2's NIP, spaced
      [7, "hasil_kerja", "bukan salah satu dari: Di Atas Ekspektasi, Sesuai Ekspektasi, Di Bawah Ekspektasi", "Luar Biasa"],
      [8, "periode", "periode harus berbentuk 2024, 2024-S1, 2024-Q3 atau 2024-03", "2024-Q5"],
      [9, "jenis_asn", "wajib diisi", null],
      [10, null, "jumlah kolom lebih dari baris judul", null],
      [11, null, "jumlah kolom kurang dari baris judul", null],
    ]);
    const rows = await rawRows("skp_rejections.csv");
    expect(rows.map((x) => [x._row, x.kode_opd, x.predikat])).toEqual([
      [2, "SETDA", "Baik"],
      [12, "DISHUB", null],
    ]);
  });

  it("a NIP ending in 000 (Excel rounded it to 15 significant digits) is rejected; serial 001 is accepted", async () => {
    const { dir, cleanup } = tempDir();
    const own = await memoryWarehouse();
    try {
      const file = writeFile(
        dir,
        "skp_excel_rounded.csv",
        "nip;jenis_asn;kode_opd;periode;hasil_kerja;perilaku_kerja\n" +
          "198501012010011000;PNS;SETDA;2022;Sesuai Ekspektasi;Sesuai Ekspektasi\n" +
          "198501012010011001;PNS;SETDA;2022;Sesuai Ekspektasi;Sesuai Ekspektasi\n",
      );
      const r = await load(own, skp, file);
      expect(r).toMatchObject({ rowsIn: 2, rowsOk: 1, rowsRejected: 1 });
      const q = await quarantine(own, "skp");
      expect(q.map((x) => [x.baris, x.kolom, x.aturan, x.nilai])).toEqual([
        [2, "nip", "NIP harus 18 angka dan tidak berakhir 000 (nomor urut mulai 001; angka 000 biasanya NIP yang dibulatkan Excel)", null],
      ]);
    } finally {
      own.close();
      cleanup();
    }
  });

  it("the ledger agrees with the tables: rows_in = rows_ok + rows_rejected", async () => {
    const loads = await wh.query<{ file: string; rows_in: number; rows_ok: number; rows_rejected: number }>(
      `SELECT file, rows_in, rows_ok, rows_rejected FROM meta.loads ORDER BY load_id`,
    );
    expect(loads).toHaveLength(3);
    for (const l of loads) {
      expect(l.rows_in).toBe(l.rows_ok + l.rows_rejected);
      const { ok } = await wh.one<{ ok: number }>(
        `SELECT count(*) AS ok FROM raw.skp JOIN meta.loads m ON m.load_id = _load_id WHERE m.file = $1`,
        [l.file],
      );
      const { bad } = await wh.one<{ bad: number }>(`SELECT count(DISTINCT baris) AS bad FROM quarantine.skp WHERE file = $1`, [l.file]);
      expect([ok, bad]).toEqual([l.rows_ok, l.rows_rejected]);
    }
  });

  it("a missing required column fails the whole file, naming file and column, and leaves the ledger unchanged", async () => {
    const before = await wh.query(`SELECT * FROM meta.loads ORDER BY load_id`);
    const err = await load(wh, skp, fx("skp_missing_column.csv")).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(err.message).toContain("skp_missing_column.csv");
    expect(err.message).toMatch(/kolom wajib tidak ditemukan.*hasil_kerja/);
    expect(await wh.query(`SELECT * FROM meta.loads ORDER BY load_id`)).toEqual(before);
  });
});

describe("privacy at the door", () => {
  it("no name, NIP, jabatan or note of the fixtures is stored in any table", async () => {
    const needles = new Set<string>();
    for (const f of ["skp_ekinerja_bom_crlf.csv", "skp_rejections.csv", "skp_latin1.csv"]) {
      const buf = fs.readFileSync(fx(f));
      const text = f.includes("latin1") ? buf.toString("latin1") : buf.toString("utf8");
      for (const m of text.matchAll(/[0-9][0-9 X]{15,}[0-9X]/g)) {
        needles.add(m[0]);
        needles.add(m[0].replace(/\s/g, ""));
      }
    }
    for (const name of [
      "Siti Aminah", "Buyung Sutan", "Rahmat Datuak", "Nurul Hidayah", "Afrizal Tanjung", "Zulkifli Malin", "Yusnimar",
      "Nurul Hidayah Kembar", "Hendra Gunawan", "Desi Ratnasari", "Ilham Pratama", "Melati Kusuma", "Fajar Sidiq", "Rina Marlina", "Dewi Sartika", "Pengantar Kerja",
      "José", "Ñuñez", "Kepala Bagian Umum", "Perawat Ahli", "Analis Kebijakan", "catatan pribadi",
    ])
      needles.add(name);
    expect(needles.size).toBeGreaterThan(30);
    // The search sees raw, quarantine and meta tables (it would find these values if stored).
    expect(await findTextAnywhere(wh, ["Sangat Baik", "skp_rejections.csv", "2024-Q5"])).not.toEqual([]);
    expect(await findTextAnywhere(wh, [...needles])).toEqual([]);
  });
});
