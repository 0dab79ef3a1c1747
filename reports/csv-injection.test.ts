// The site's CSV downloads (src/components/csv.ts, used by every csvLink) and the packs' XLSX text
// cells share one rule: a text field starting with = + - @ tab or CR gets a leading single quote, so
// a spreadsheet shows it as text instead of running it. Numbers stay numbers.
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { neutralise, toCsv } from "../src/components/csv.ts";
import { nilaiSel } from "./xlsx.ts";

const HOSTILE = ["=HYPERLINK(\"http://x\",\"klik\")", "+62 812", "-1+2", "@SUM(A1)", "\tTab", "\rCR"];

describe("formula injection", () => {
  it("every hostile text field is prefixed with a quote in a CSV download, and reads back as that text", () => {
    const rows = HOSTILE.map((t, i) => ({ no: i + 1, teks: t, angka: -i }));
    const csv = toCsv(rows, [{ key: "no" }, { key: "teks" }, { key: "angka" }], {
      judul: "=cmd",
      definisi: "d",
      rumus: "r",
      satuan: "s",
      sumber: "x",
      periode: "2025",
      tanggal_pembaruan: "2026-01-15",
    });
    expect(csv).toContain("# judul: '=cmd");
    const body = csv.slice(csv.indexOf("\r\n\r\n") + 4);
    const parsed = csvParse(body);
    expect(parsed.map((r) => r.teks)).toEqual(HOSTILE.map((t) => `'${t}`));
    // negative numbers are numbers, not text: no quote
    expect(parsed.map((r) => r.angka)).toEqual(HOSTILE.map((_, i) => String(-i)));
    for (const r of parsed) expect(r.teks!.startsWith("'")).toBe(true);
  });

  it("ordinary text is left alone; the XLSX cells follow the same rule", () => {
    expect(neutralise("Dinas Kesehatan")).toBe("Dinas Kesehatan");
    expect(neutralise("1-4 orang")).toBe("1-4 orang");
    for (const t of HOSTILE) expect(nilaiSel(t, "teks")).toBe(`'${t}`);
    expect(nilaiSel(-3.5, "angka")).toBe(-3.5);
  });
});
