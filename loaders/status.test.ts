import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "./warehouse/connection.ts";
import { ensureSourceTables } from "./ingest/load.ts";
import { SOURCES } from "./sources/index.ts";
import { izin } from "./sources/izin/index.ts";
import { formatStatus, gatherStatus } from "./status.ts";
import { load, memoryWarehouse, tempDir, writeFile } from "../test/helpers.ts";

const tmp = tempDir("kinerja-status-");
let wh: Warehouse;

beforeAll(async () => {
  wh = await memoryWarehouse();
  for (const s of SOURCES) await ensureSourceTables(wh, s);
  const file = writeFile(
    tmp.dir,
    "izin.csv",
    [
      "No Permohonan;Jenis Izin;Tanggal Masuk;Tanggal Terbit;Status",
      "A-1;PBG;02/01/2024;10/01/2024;Selesai",
      "A-2;PBG;03/02/2024;;Proses",
      "A-3;Izin Tidak Ada;03/02/2024;;Proses",
    ].join("\n"),
  );
  await load(wh, izin, file);
});
afterAll(() => {
  wh?.close();
  tmp.cleanup();
});

describe("kinerja status", () => {
  it("reports rows, rejections by rule and the latest data of every source", async () => {
    const s = await gatherStatus(wh);
    expect(s.sources.map((x) => x.source).sort()).toEqual(SOURCES.map((x) => x.name).sort());
    const i = s.sources.find((x) => x.source === "izin")!;
    expect([i.rows_raw, i.rows_rejected, i.loads, i.latest_data]).toEqual([2, 1, 1, "2024-02-03"]);
    expect(s.rejectedByRule).toEqual([
      { source: "izin", kolom: "jenis_izin", aturan: "jenis izin tidak ada di data/reference/jenis_izin.csv", jumlah: 1 },
    ]);
    expect(s.integrity).toEqual([]);
    expect(formatStatus(s)).toContain("Integritas: buku muatan cocok dengan tabel.");
  });

  it("finds raw rows whose load is missing from the ledger", async () => {
    await wh.exec(`DELETE FROM meta.loads WHERE source = 'izin'`);
    const s = await gatherStatus(wh);
    expect(s.integrity.some((line) => line.startsWith("izin: 2 baris mentah dari muatan #"))).toBe(true);
  });
});

describe("integrity after tampering", () => {
  it("finds raw rows deleted behind the ledger's back, and quarantine rows that went missing", async () => {
    const w = await memoryWarehouse();
    const t = tempDir("kinerja-status-tamper-");
    try {
      for (const s of SOURCES) await ensureSourceTables(w, s);
      const file = writeFile(
        t.dir,
        "izin.csv",
        ["No Permohonan;Jenis Izin;Tanggal Masuk;Tanggal Terbit;Status", "A-1;PBG;02/01/2024;10/01/2024;Selesai", "A-2;PBG;03/02/2024;;Proses", "A-3;Izin Tidak Ada;03/02/2024;;Proses"].join("\n"),
      );
      await load(w, izin, file);
      expect((await gatherStatus(w)).integrity).toEqual([]);
      await w.exec(`DELETE FROM raw.izin WHERE no_permohonan = 'A-1'`);
      // 2 accepted, none replaced, 1 left
      expect((await gatherStatus(w)).integrity).toEqual(["izin: tabel mentah berisi 1 baris, buku muatan mengharapkan 2 (diterima dikurangi diganti)"]);
      await w.exec(`DELETE FROM quarantine.izin`);
      const s = await gatherStatus(w);
      expect(s.integrity).toHaveLength(2);
      expect(s.integrity[1]).toMatch(/^izin: muatan #\d+ mencatat 1 baris ditolak, karantina berisi 0$/);
      expect(formatStatus(s)).toContain("Integritas: 2 masalah");
    } finally {
      w.close();
      t.cleanup();
    }
  });
});
