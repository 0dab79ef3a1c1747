// The XLSX of a pack (exceljs): one sheet per table with typed cells and Excel's locale-invariant
// number formats (`#,##0.00`, `0.00%`, `dd/mm/yyyy`: Excel shows them in the reader's locale), dates
// written as UTC midnight of the calendar day (a local-midnight Date in Asia/Jakarta would land on
// the previous day), frozen header rows, column widths, totals rows as values computed in SQL (never
// formulas), and a metadata sheet with definitions, sources and the load ids behind the numbers.
import ExcelJS from "exceljs";
import { labelPeriode } from "../src/components/format.ts";
import { neutralise } from "../src/components/csv.ts";
import { DISEMBUNYIKAN, semuaTabel, type Kolom, type Paket, type Tabel } from "./pack.ts";

export const FORMAT: Record<Kolom["tipe"], string | undefined> = {
  angka: "#,##0.00",
  persen: "0.00%",
  bulat: "#,##0",
  orang: "#,##0",
  tanggal: "dd/mm/yyyy",
  teks: undefined,
  status: undefined,
};

/** "2025-09-30" -> a Date at 00:00 UTC of that calendar day (what Excel stores as the day). */
export function tanggalUtc(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

/** The typed cell value: numbers stay numbers (percent as a fraction), dates as UTC midnight. */
export function nilaiSel(v: unknown, tipe: Kolom["tipe"]): ExcelJS.CellValue {
  if (v == null || v === "") return null;
  if (v === DISEMBUNYIKAN) return DISEMBUNYIKAN;
  switch (tipe) {
    case "angka":
    case "bulat":
    case "orang":
      return Number(v);
    case "persen":
      return Number(v) / 100;
    case "tanggal":
      return tanggalUtc(String(v));
    default:
      // Text a spreadsheet would run as a formula (= + - @ tab CR) gets a leading quote.
      return neutralise(v);
  }
}

const namaSheet = (s: string, used: Set<string>) => {
  let base = s.replace(/[\\/?*[\]:]/g, " ").slice(0, 31).trim();
  let n = 2;
  let name = base;
  while (used.has(name.toLowerCase())) name = `${base.slice(0, 28)} ${n++}`;
  used.add(name.toLowerCase());
  return name;
};

function lebarKolom(t: Tabel, c: Kolom): number {
  const longest = Math.max(c.label.length, ...t.baris.slice(0, 200).map((r) => String(r[c.key] ?? "").length));
  const min = c.tipe === "teks" ? 10 : 12;
  return Math.min(60, Math.max(min, longest + 2));
}

function tulisTabel(wb: ExcelJS.Workbook, t: Tabel, used: Set<string>): void {
  const ws = wb.addWorksheet(namaSheet(t.id, used), { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = t.kolom.map((c) => ({ header: c.label, key: c.key, width: lebarKolom(t, c), style: FORMAT[c.tipe] ? { numFmt: FORMAT[c.tipe] } : {} }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { vertical: "bottom", wrapText: true };
  const add = (r: Record<string, unknown>) => ws.addRow(t.kolom.map((c) => nilaiSel(r[c.key], c.tipe)));
  for (const r of t.baris) add(r);
  if (t.total) add(t.total).font = { bold: true };
}

function tulisMetadata(wb: ExcelJS.Workbook, p: Paket, tables: Tabel[], used: Set<string>): void {
  const ws = wb.addWorksheet(namaSheet("Metadata", used), { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = [
    { header: "Butir", key: "a", width: 28 },
    { header: "Nilai", key: "b", width: 90 },
    { header: "Tanggal", key: "c", width: 14, style: { numFmt: "dd/mm/yyyy" } },
    { header: "Jumlah baris", key: "d", width: 14, style: { numFmt: "#,##0" } },
  ];
  ws.getRow(1).font = { bold: true };
  const row = (a: string, b: unknown, c: string | null = null, d: number | null = null) =>
    ws.addRow([a, typeof b === "string" ? neutralise(b) : (b as ExcelJS.CellValue), c ? tanggalUtc(c) : null, d]);
  row("Judul", `${p.judul} – ${p.subjudul}`);
  row("Periode", labelPeriode(p.periode));
  if (p.meta.periodeAwal) row("Awal periode", p.meta.periodeAwal, p.meta.periodeAwal);
  if (p.meta.periodeAkhir) row("Akhir periode", p.meta.periodeAkhir, p.meta.periodeAkhir);
  row("Tanggal paket", p.penandatangan.tanggal, p.penandatangan.tanggal);
  row("Data diperbarui", p.meta.diperbarui ?? "–");
  row("Status", p.final ? "final" : "DRAF");
  if (p.meta.demo) row("Catatan", "Data contoh sintetis (demo), bukan data Pemerintah Kota Pariaman.");
  row("Privasi", "Tanpa NIP, nama atau teks bebas; jumlah orang 1-4 ditulis \"< 5\".");
  row("Format", "Angka dan persen bertipe angka (persen sebagai pecahan, format 0.00%); tanggal bertipe tanggal; baris jumlah dihitung di SQL.");
  if (p.meta.sumberOpsional.length) row("Analisis tambahan", p.meta.sumberOpsional.join(", "));
  for (const t of tables) {
    row(`Tabel: ${t.id}`, t.judul);
    if (t.definisi) row(`Definisi: ${t.id}`, t.definisi);
    if (t.sumber) row(`Sumber: ${t.id}`, t.sumber);
  }
  for (const m of p.meta.muatan) row(`Muatan #${m.load_id}`, `${m.source}: ${m.file}`, m.tanggal, m.rows_ok);
  ws.getColumn(2).alignment = { wrapText: true, vertical: "top" };
}

export function buatWorkbook(p: Paket): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Kinerja Pariaman";
  wb.title = `${p.judul} – ${p.subjudul}`;
  const used = new Set<string>();
  const tables = semuaTabel(p);
  for (const t of tables) tulisTabel(wb, t, used);
  tulisMetadata(wb, p, tables, used);
  return wb;
}

export async function renderXlsx(p: Paket): Promise<Buffer> {
  return Buffer.from(await buatWorkbook(p).xlsx.writeBuffer());
}
