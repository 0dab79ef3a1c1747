// One load is one transaction: the same content twice changes nothing; a corrected file replaces
// its period's rows and is recorded; a load that fails midway leaves the warehouse as it was.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Warehouse } from "../warehouse/connection.ts";
import { skp } from "../sources/skp/index.ts";
import { SOURCES } from "../sources/index.ts";
import { ingest } from "./run.ts";
import { load, memoryWarehouse, NOW, REFERENCE_DIR, SECRET, tempDir, TODAY, writeFile } from "../../test/helpers.ts";

const HEADER = "NIP;Nama;Jenis ASN;Kode OPD;Periode;Hasil Kerja;Perilaku Kerja;Predikat";
const row = (nip: string, opd: string, periode: string, hasil = "Sesuai Ekspektasi", perilaku = "Sesuai Ekspektasi") =>
  `${nip};Nama ${nip.slice(-3)};PNS;${opd};${periode};${hasil};${perilaku};`;
const csv = (...rows: string[]) => [HEADER, ...rows].join("\n") + "\n";

const A = csv(
  row("198501012010011001", "SETDA", "2024"),
  row("198501012010011002", "SETDA", "2024"),
  row("198501012010011003", "DINKES", "2024"),
  "bad;row", // one rejected line, so quarantine has content too
);
const B = csv(row("198501012010011001", "SETDA", "2023"), row("198501012010011002", "SETDA", "2023"));
// A corrected 2024 export for both OPD: one employee fewer at SETDA, a changed rating at DINKES.
const A_CORRECTED = csv(
  row("198501012010011001", "SETDA", "2024", "Di Atas Ekspektasi", "Di Atas Ekspektasi"),
  row("198501012010011003", "DINKES", "2024", "Di Bawah Ekspektasi"),
);
// A correction of DINKES 2024 only.
const DINKES_ONLY = csv(row("198501012010011003", "DINKES", "2024", "Di Atas Ekspektasi"), row("198501012010011004", "DINKES", "2024"));

let wh: Warehouse;
let dir: string;
let cleanup: () => void;
beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  wh = await memoryWarehouse();
});
afterEach(() => {
  wh?.close();
  cleanup();
});

async function snapshot(w: Warehouse) {
  return {
    loads: await w.query(`SELECT * FROM meta.loads ORDER BY load_id`),
    raw: await w.query(`SELECT * FROM raw.skp ORDER BY _load_id, _row`),
    quarantine: await w.query(`SELECT * FROM quarantine.skp ORDER BY _load_id, baris, kolom`),
  };
}
const counts = async (w: Warehouse) =>
  w.query<{ periode: string; kode_opd: string; n: number }>(
    `SELECT periode, kode_opd, count(*) AS n FROM raw.skp GROUP BY ALL ORDER BY ALL`,
  );
const statuses = async (w: Warehouse) =>
  (await w.query<{ file: string; status: string }>(`SELECT file, status FROM meta.loads ORDER BY load_id`)).map((r) => `${r.file}:${r.status}`);

describe("idempotent reload", () => {
  it("the same file twice: the second is 'unchanged' and nothing changes", async () => {
    const a = writeFile(dir, "skp_2024.csv", A);
    const first = await load(wh, skp, a);
    expect(first).toMatchObject({ status: "loaded", rowsIn: 4, rowsOk: 3, rowsRejected: 1 });
    const before = await snapshot(wh);
    const second = await load(wh, skp, a);
    expect(second).toMatchObject({ status: "unchanged", loadId: first.loadId, rowsIn: 4, rowsOk: 3, rowsRejected: 1, rowsReplaced: 0 });
    expect(await snapshot(wh)).toEqual(before);
    // Same content under another name is still the same content.
    const copy = writeFile(dir, "copy/skp_2024_lagi.csv", A);
    expect((await load(wh, skp, copy)).status).toBe("unchanged");
    expect(await snapshot(wh)).toEqual(before);
  });
});

describe("corrected files", () => {
  it("a corrected file replaces its period's rows, supersedes the wholly replaced load, and leaves other periods", async () => {
    await load(wh, skp, writeFile(dir, "skp_2024.csv", A));
    await load(wh, skp, writeFile(dir, "skp_2023.csv", B));
    expect(await counts(wh)).toEqual([
      { periode: "2023", kode_opd: "SETDA", n: 2 },
      { periode: "2024", kode_opd: "DINKES", n: 1 },
      { periode: "2024", kode_opd: "SETDA", n: 2 },
    ]);
    const fixed = await load(wh, skp, writeFile(dir, "skp_2024_perbaikan.csv", A_CORRECTED));
    // Replaced: 2 SETDA + 1 DINKES rows of 2024 (counted by hand from A).
    expect(fixed).toMatchObject({ status: "loaded", rowsIn: 2, rowsOk: 2, rowsRejected: 0, rowsReplaced: 3 });
    expect(await counts(wh)).toEqual([
      { periode: "2023", kode_opd: "SETDA", n: 2 },
      { periode: "2024", kode_opd: "DINKES", n: 1 },
      { periode: "2024", kode_opd: "SETDA", n: 1 },
    ]);
    expect(await statuses(wh)).toEqual(["skp_2024.csv:superseded", "skp_2023.csv:loaded", "skp_2024_perbaikan.csv:loaded"]);
    const { hasil } = await wh.one<{ hasil: string }>(`SELECT hasil_kerja AS hasil FROM raw.skp WHERE periode = '2024' AND kode_opd = 'DINKES'`);
    expect(hasil).toBe("Di Bawah Ekspektasi");
    const ledger = await wh.query<{ rows_replaced: number; partitions: string[] }>(
      `SELECT rows_replaced, partitions FROM meta.loads WHERE file = 'skp_2024_perbaikan.csv'`,
    );
    expect(ledger).toEqual([{ rows_replaced: 3, partitions: ["2024|DINKES", "2024|SETDA"] }]);
  });

  it("a correction of one OPD replaces only that slice; the earlier load keeps its other rows and stays 'loaded'", async () => {
    await load(wh, skp, writeFile(dir, "skp_2024.csv", A));
    const r = await load(wh, skp, writeFile(dir, "skp_2024_dinkes.csv", DINKES_ONLY));
    expect(r).toMatchObject({ rowsOk: 2, rowsReplaced: 1 });
    expect(await counts(wh)).toEqual([
      { periode: "2024", kode_opd: "DINKES", n: 2 },
      { periode: "2024", kode_opd: "SETDA", n: 2 },
    ]);
    expect(await statuses(wh)).toEqual(["skp_2024.csv:loaded", "skp_2024_dinkes.csv:loaded"]);
  });
});

describe("a failed load leaves the warehouse unchanged", () => {
  it("an error after rows were deleted and inserted is rolled back", async () => {
    await load(wh, skp, writeFile(dir, "skp_2024.csv", A));
    await load(wh, skp, writeFile(dir, "skp_2023.csv", B));
    const before = await snapshot(wh);
    const exec = wh.exec.bind(wh);
    const spy = vi.spyOn(wh, "exec").mockImplementation(async (sql: string) => {
      if (/^\s*INSERT INTO quarantine/.test(sql)) throw new Error("injected failure");
      return exec(sql);
    });
    try {
      await expect(load(wh, skp, writeFile(dir, "skp_2024_perbaikan.csv", A_CORRECTED))).rejects.toThrow("injected failure");
    } finally {
      spy.mockRestore();
    }
    expect(await snapshot(wh)).toEqual(before);
    // And the warehouse still works afterwards: the same file now loads.
    expect((await load(wh, skp, path.join(dir, "skp_2024_perbaikan.csv"))).rowsReplaced).toBe(3);
  });

  it("a missing reference table fails the load and changes nothing", async () => {
    await load(wh, skp, writeFile(dir, "skp_2023.csv", B));
    await wh.exec(`DROP TABLE ref.opd`);
    const before = await snapshot(wh);
    await expect(load(wh, skp, writeFile(dir, "skp_2024.csv", A))).rejects.toThrow(/opd/);
    expect(await snapshot(wh)).toEqual(before);
  });
});

describe("ingest of a folder", () => {
  it("recognises sources by folder and by header, and applies the steward's alias file", async () => {
    const refDir = path.join(dir, "reference");
    fs.cpSync(REFERENCE_DIR, refDir, { recursive: true });
    fs.writeFileSync(path.join(refDir, "alias_kolom.csv"), "source,kolom,alias\nskm,persyaratan,Pertanyaan Satu\n");
    // A survey with a home-made header for U1, in a folder named after no source: recognised by its header.
    writeFile(
      dir,
      "kiriman/survei-opd.csv",
      "tanggal,kode_unit,Pertanyaan Satu,U2,U3,U4,U5,U6,U7,U8,U9\n02/01/2026,PKM-NARAS,1,4,4,4,4,4,4,4,4\n",
    );
    writeFile(dir, "kiriman/skp/penilaian.csv", A); // recognised by its folder
    const results = await ingest(wh, [path.join(dir, "kiriman")], {
      referenceDir: refDir,
      secret: SECRET,
      today: TODAY,
      now: () => NOW,
      sources: SOURCES,
      root: dir,
    });
    expect(results.map((r) => [r.file, r.source, r.rowsOk, r.rowsRejected])).toEqual([
      ["kiriman/skp/penilaian.csv", "skp", 3, 1],
      ["kiriman/survei-opd.csv", "skm", 1, 0],
    ]);
    expect(results[1].unknownColumns).toEqual([]);
    expect(await wh.query(`SELECT persyaratan, prosedur FROM raw.skm`)).toEqual([{ persyaratan: 1, prosedur: 4 }]);
  });
});
