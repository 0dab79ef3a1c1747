import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listNarasi, parseNarasi, readNarasi } from "./narasi.ts";
import { tempDir } from "../../test/helpers.ts";

describe("narasi", () => {
  it("splits the summary and the LKjIP sections; keeps unknown headings", () => {
    const n = parseNarasi(
      "\uFEFFCapaian APS naik.\r\n\r\n## Faktor pendorong\r\nDana BOS tepat waktu.\n## Faktor Penghambat:\nGuru kurang.\n## Catatan\nLihat lampiran.\n## Tindak lanjut\nRekrut PPPK.\n",
      "DISDIKBUD",
      "2025-Q3",
      "x.md",
    );
    expect([n.ringkasan, n.pendorong, n.penghambat, n.tindakLanjut]).toEqual(["Capaian APS naik.", "Dana BOS tepat waktu.", "Guru kurang.", "Rekrut PPPK."]);
    expect(n.lainnya).toEqual([{ judul: "Catatan", teks: "Lihat lampiran." }]);
  });

  it("reads by OPD and period, and lists only period-named files", () => {
    const { dir, cleanup } = tempDir();
    try {
      fs.mkdirSync(path.join(dir, "DINKES"));
      fs.writeFileSync(path.join(dir, "DINKES", "2025-Q3.md"), "Ringkas.\n## Tindak lanjut\nA.");
      fs.writeFileSync(path.join(dir, "DINKES", "2025.md"), "Tahunan.");
      fs.writeFileSync(path.join(dir, "DINKES", "catatan.md"), "bukan periode");
      fs.writeFileSync(path.join(dir, "README.md"), "petunjuk");
      expect(readNarasi(dir, "DINKES", "2025-Q3")?.tindakLanjut).toBe("A.");
      expect(readNarasi(dir, "DINKES", "2025-Q2")).toBeNull();
      expect(listNarasi(dir).map((n) => [n.kodeOpd, n.periode])).toEqual([
        ["DINKES", "2025"],
        ["DINKES", "2025-Q3"],
      ]);
      expect(listNarasi(path.join(dir, "missing"))).toEqual([]);
    } finally {
      cleanup();
    }
  });
});
