import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../warehouse/connection.ts";
import { memoryWarehouse, tempDir, writeFile } from "../../test/helpers.ts";
import { formatMerahTanpaNarasi, laporanNarasi, merahTanpaNarasi, periodeTerakhir } from "./periksa.ts";
import { adaNomorPribadi, blokTeks } from "./narasi.ts";

let wh: Warehouse;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  wh = await memoryWarehouse();
  tmp = tempDir();
  // Latest quarter with a realisation: 2025-Q3 (2025-Q4 is all belum lapor); latest year: 2024.
  await wh.exec(`CREATE TABLE mart.indikator_capaian AS SELECT * FROM (VALUES
    ('2025-Q4', 'DINKES', 'DINKES-01', 'Penyuluhan', NULL, NULL, 'belum lapor'),
    ('2025-Q3', 'DINKES', 'DINKES-01', 'Penyuluhan', 60.0, 75.0, 'tidak tercapai'),
    ('2025-Q3', 'DINKES', 'DINKES-02', 'AKI', 90.0, 95.0, 'hampir tercapai'),
    ('2025-Q3', 'SETDA', 'SETDA-01', 'SAKIP', 50.0, 80.5, 'tidak tercapai'),
    ('2025-Q2', 'BPKD', 'BPKD-01', 'Belanja', 10.0, 40.0, 'tidak tercapai'),
    ('2024', 'SETDA', 'SETDA-02', 'RB', 60.0, 85.25, 'tidak tercapai'),
    ('2024', 'DINKES', 'DINKES-01', 'Penyuluhan', 70.0, 87.5, 'tidak tercapai')
  ) t(periode, kode_opd, kode_indikator, nama_indikator, realisasi, capaian, status)`);
  // DINKES wrote for 2025-Q3, SETDA only for 2024; a file for an older quarter covers nothing now.
  writeFile(tmp.dir, "DINKES/2025-Q3.md", "Penyuluhan tertunda.");
  writeFile(tmp.dir, "SETDA/2024.md", "RB.");
  writeFile(tmp.dir, "BPKD/2025-Q2.md", "Belanja.");
  // SETDA's 2025-Q3 commentary names an employee's NIP: withheld, so it does not count.
  writeFile(tmp.dir, "SETDA/2025-Q3.md", "Ringkas.\n## Tindak lanjut\n- Pembinaan pegawai NIP 19850101 201001 1 001.");
});
afterAll(() => {
  wh?.close();
  tmp?.cleanup();
});

describe("red indicators without commentary", () => {
  it("latest quarter and year with any realisation", async () => {
    expect(await periodeTerakhir(wh)).toEqual(["2025-Q3", "2024"]);
  });

  it("lists exactly the red rows of those periods whose OPD has no commentary file for the period", async () => {
    const list = await merahTanpaNarasi(wh, tmp.dir);
    expect(list.map((r) => [r.periode, r.kode_opd, r.kode_indikator, r.nama_opd])).toEqual([
      ["2025-Q3", "SETDA", "SETDA-01", "Sekretariat Daerah"],
      ["2024", "DINKES", "DINKES-01", "Dinas Kesehatan"],
    ]);
    expect(formatMerahTanpaNarasi(list).split("\n")).toEqual([
      "Narasi: 2 indikator merah (tidak tercapai) belum diberi narasi (data/narasi/<KODE_OPD>/<periode>.md):",
      "  2025-Q3 SETDA SETDA-01: SAKIP (capaian 80,5%); narasinya ditahan karena memuat nomor mirip NIK/NIP",
      "  2024 DINKES DINKES-01: Penyuluhan (capaian 87,5%)",
    ]);
    expect(formatMerahTanpaNarasi([])).toBe("Narasi: setiap indikator merah periode terakhir sudah diberi narasi.");
  });

  it("the build's report also names ignored files: unknown OPD folder, name that is no period", async () => {
    const t = tempDir();
    try {
      writeFile(t.dir, "DINKES/2025-Q3.md", "Ringkas.");
      writeFile(t.dir, "DINKES/TW3-2025.md", "Salah nama.");
      writeFile(t.dir, "DINKES/catatan.txt", "bukan markdown");
      writeFile(t.dir, "DINAS-X/2025.md", "OPD tidak ada.");
      writeFile(t.dir, "README.md", "petunjuk");
      const text = await laporanNarasi(wh, t.dir);
      expect(text.split("\n").slice(-3)).toEqual([
        "Narasi: 2 berkas diabaikan:",
        "  data/narasi/DINAS-X/: bukan kode OPD di data/reference/opd.csv",
        "  data/narasi/DINKES/TW3-2025.md: nama berkas bukan periode (contoh: 2025-Q3.md atau 2025.md)",
      ]);
      expect(text.split("\n")[0]).toMatch(/^Narasi: 3 indikator merah/); // SETDA 2025-Q3, SETDA 2024, DINKES 2024
    } finally {
      t.cleanup();
    }
  });
});

describe("commentary text blocks", () => {
  it("paragraphs and lists as plain text; HTML stays literal", () => {
    expect(blokTeks("Baris satu\nlanjutan **tebal**.\n\n- butir <b>a</b>\n* butir [b](https://x.id)\n\n1. satu\n2) dua\n\n<script>alert(1)</script>")).toEqual([
      { jenis: "p", teks: "Baris satu lanjutan tebal." },
      { jenis: "ul", butir: ["butir <b>a</b>", "butir b (https://x.id)"] },
      { jenis: "ul", butir: ["satu", "dua"] },
      { jenis: "p", teks: "<script>alert(1)</script>" },
    ]);
    expect(blokTeks("  \n\n")).toEqual([]);
  });
});

describe("personal numbers in commentary", () => {
  it("finds NIK (16 digits) and NIP (18 digits, plain or spaced), not other numbers", () => {
    expect(adaNomorPribadi("NIK 1377010101900001 tercatat")).toBe(true);
    expect(adaNomorPribadi("NIP 198501012010011001.")).toBe(true);
    expect(adaNomorPribadi("NIP 19850101 201001 1 001")).toBe(true);
    expect(adaNomorPribadi("Anggaran Rp 1.250.000.000 untuk 71 desa; 2025-Q3; 0751-91234")).toBe(false);
    expect(adaNomorPribadi("nomor 12345678901234567")).toBe(false); // 17 digits
  });
});
