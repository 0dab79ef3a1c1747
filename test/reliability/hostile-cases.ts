// Hostile and broken exports, each with what the ingest must answer. Used by hostile.test.ts both
// through the real CLI and in-process. Every expectation is written by hand from the file's content.
import ExcelJS from "exceljs";
import JSZip from "jszip";

export const SKM_HEADER = "Tanggal,Kode Unit,Jenis Layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9,Jenis Kelamin,Umur,Pendidikan,Pekerjaan,Saran";
/** A valid SKM row (PKM-PARIAMAN is in data/reference/unit_layanan.csv). */
export const SKM_ROW = "17/01/2024,PKM-PARIAMAN,Laboratorium,4,3,3,4,3,3,3,3,3,P,33,SMA,Swasta,";
export const SKP_HEADER = "NIP;Nama;Jenis ASN;Unit Kerja;Jabatan;Periode;Hasil Kerja;Perilaku Kerja;Predikat";
export const skpRow = (nip: string) => `${nip};Budi Santoso;PNS;Sekretariat Daerah;Staf;2024;Sesuai Ekspektasi;Di Atas Ekspektasi;Baik`;
export const IZIN_HEADER = ["No Permohonan", "Jenis Izin", "Tanggal Masuk", "Tanggal Terbit", "Status"];

/** Replace the i-th (0-based) comma-separated cell of a row. */
export function cell(row: string, i: number, value: string, delim = ","): string {
  const cells = row.split(delim);
  cells[i] = value;
  return cells.join(delim);
}

const lines = (...ls: string[]) => ls.join("\n") + "\n";

export interface Rejection {
  row: number;
  kolom: string | null;
  aturan: string;
  /** The quarantined text of the cell (null for personal columns and whole-line problems). */
  nilai?: string | null;
}

export interface HostileCase {
  name: string;
  /** Path under the exports folder (the folder names the source). */
  file: string;
  content: () => Buffer | Promise<Buffer>;
  /** Refused as a whole: a message containing these parts; nothing written. */
  refused?: string[];
  /** Loaded: rows in, rows accepted, and every rejected cell. */
  loaded?: { rowsIn: number; rowsOk: number; rejections: Rejection[] };
  /** Accepted text that must land verbatim (column of raw.<source> → values). */
  verbatim?: { column: string; values: string[] };
}

const GOOD_UTF8_ROW = cell(SKM_ROW, 2, "Pelayanan Dasar Kesehatan Umum Ibu dan Anak Poliklinik Gigi Mulut óó");
/** Line of the damaged row: past the 256 KB the reader sniffs, so the file is taken as UTF-8. */
const DAMAGED_AT = Math.ceil(300_000 / (GOOD_UTF8_ROW.length + 1)) + 2;

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const HOSTILE: HostileCase[] = [
  { name: "empty file", file: "skm/kosong.csv", content: () => Buffer.alloc(0), refused: ["skm/kosong.csv", "tidak ada baris data"] },
  { name: "header only", file: "skm/judul.csv", content: () => Buffer.from(SKM_HEADER + "\n"), refused: ["skm/judul.csv", "tidak ada baris data"] },
  {
    name: "header and blank lines only",
    file: "skm/judul-kosong.csv",
    content: () => Buffer.from(lines(SKM_HEADER, "", ",,,,", "   ")),
    refused: ["skm/judul-kosong.csv", "tidak ada baris data"],
  },
  {
    name: "wrong delimiter (colon)",
    file: "skm/titikdua.csv",
    content: () => Buffer.from(lines(SKM_HEADER.replaceAll(",", ":"), SKM_ROW.replaceAll(",", ":"))),
    refused: ["skm/titikdua.csv", "pemisah kolom"],
  },
  {
    name: "binary garbage",
    file: "skm/biner.csv",
    content: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
    refused: ["skm/biner.csv", "bukan berkas teks CSV"],
  },
  {
    name: "binary garbage without NUL bytes",
    file: "skm/biner2.csv",
    content: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => 1 + ((i * 7919 + 13) % 255))),
    refused: ["skm/biner2.csv", "baris judul tidak terbaca"],
  },
  {
    name: "a 5 MB line",
    file: "skm/panjang.csv",
    content: () => Buffer.from(lines(SKM_HEADER, SKM_ROW, cell(SKM_ROW, 2, "X".repeat(5_000_000)), SKM_ROW)),
    loaded: { rowsIn: 3, rowsOk: 2, rejections: [{ row: 3, kolom: "jenis_layanan", aturan: "lebih dari 200 karakter" }] },
  },
  {
    name: "Windows-1252 export (curly quotes, en dash, é)",
    file: "skm/cp1252.csv",
    content: () => {
      // Windows-1252 bytes written by hand: “ 0x93, ” 0x94, – 0x96, é 0xE9.
      const head = Buffer.from(lines(SKM_HEADER));
      const row = Buffer.concat([
        Buffer.from("17/01/2024,PKM-PARIAMAN,Pelayanan "),
        Buffer.from([0x93]),
        Buffer.from("Kartu"),
        Buffer.from([0x94]),
        Buffer.from(" "),
        Buffer.from([0x96]),
        Buffer.from(" Caf"),
        Buffer.from([0xe9]),
        Buffer.from(",4,3,3,4,3,3,3,3,3,P,33,SMA,Swasta,\n"),
      ]);
      return Buffer.concat([head, row]);
    },
    loaded: { rowsIn: 1, rowsOk: 1, rejections: [] },
    verbatim: { column: "jenis_layanan", values: ["Pelayanan “Kartu” – Café"] },
  },
  {
    name: "invalid UTF-8 after a valid start (a damaged export)",
    file: "skm/utf8-rusak.csv",
    content: () => {
      // 300 KB of valid UTF-8 rows (ó in each) so the sniffed head is UTF-8, then one line with a lone 0xFF.
      const rows = Array.from({ length: DAMAGED_AT - 2 }, () => GOOD_UTF8_ROW);
      return Buffer.concat([
        Buffer.from(lines(SKM_HEADER, ...rows)),
        Buffer.from("17/01/2024,PKM-PARIAMAN,Lab"),
        Buffer.from([0xff]),
        Buffer.from(",4,3,3,4,3,3,3,3,3,P,33,SMA,Swasta,\n"),
        Buffer.from(lines(SKM_ROW)),
      ]);
    },
    // The damaged line (after the header and DAMAGED_AT - 2 good rows) is quarantined, the rest accepted.
    loaded: { rowsIn: DAMAGED_AT, rowsOk: DAMAGED_AT - 1, rejections: [{ row: DAMAGED_AT, kolom: null, aturan: "karakter tidak sah untuk utf-8", nilai: null }] },
  },
  {
    name: "invalid UTF-8 near the start of an otherwise UTF-8 export",
    file: "skm/utf8-rusak-awal.csv",
    content: () =>
      // Line 2 has a lone 0xFF; the ten lines after it carry valid UTF-8 (ó). The sniffed head is not
      // valid UTF-8, but it is damaged UTF-8, not Windows-1252: the bad line is quarantined and the ó
      // of the others lands as ó (read as Windows-1252 it would be "Ã³").
      Buffer.concat([
        Buffer.from(lines(SKM_HEADER)),
        Buffer.from("17/01/2024,PKM-PARIAMAN,Lab"),
        Buffer.from([0xff]),
        Buffer.from(",4,3,3,4,3,3,3,3,3,P,33,SMA,Swasta,\n"),
        Buffer.from(lines(...Array.from({ length: 10 }, () => GOOD_UTF8_ROW))),
      ]),
    loaded: { rowsIn: 11, rowsOk: 10, rejections: [{ row: 2, kolom: null, aturan: "karakter tidak sah untuk utf-8", nilai: null }] },
    verbatim: { column: "jenis_layanan", values: Array.from({ length: 10 }, () => "Pelayanan Dasar Kesehatan Umum Ibu dan Anak Poliklinik Gigi Mulut óó") },
  },
  {
    name: "Excel 'Unicode text' export (UTF-16LE with BOM, tab-separated)",
    file: "skm/unicode.txt",
    content: () =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(SKM_HEADER.replaceAll(",", "\t"), cell(SKM_ROW, 2, "Layanan Ibu & Anak ó").replaceAll(",", "\t")), "utf16le")]),
    loaded: { rowsIn: 1, rowsOk: 1, rejections: [] },
    verbatim: { column: "jenis_layanan", values: ["Layanan Ibu & Anak ó"] },
  },
  {
    name: "old Mac and mixed line endings",
    file: "skm/cr.csv",
    content: () => Buffer.from(`${SKM_HEADER}\r${SKM_ROW}\r\n${cell(SKM_ROW, 3, "9")}\n${SKM_ROW}\r`),
    loaded: { rowsIn: 3, rowsOk: 2, rejections: [{ row: 3, kolom: "persyaratan", aturan: "di luar rentang 1-4", nilai: "9" }] },
  },
  {
    name: "duplicate column",
    file: "skm/ganda.csv",
    content: () => Buffer.from(lines(SKM_HEADER + ",U1", SKM_ROW + ",4")),
    refused: ["skm/ganda.csv", 'kolom ganda: "U1" (kolom 4) dan "U1" (kolom 18)'],
  },
  {
    name: "missing required column",
    file: "skm/tanpa-tanggal.csv",
    content: () => Buffer.from(lines(SKM_HEADER.replace("Tanggal,", ""), SKM_ROW.replace("17/01/2024,", ""))),
    refused: ["skm/tanpa-tanggal.csv", "kolom wajib tidak ditemukan di baris judul: tanggal"],
  },
  {
    name: "missing and extra cells, unbalanced quote",
    file: "skm/sel.csv",
    content: () => Buffer.from(lines(SKM_HEADER, SKM_ROW, SKM_ROW.split(",").slice(0, 10).join(","), SKM_ROW + ",lebih,lagi", SKM_ROW)),
    loaded: {
      rowsIn: 4,
      rowsOk: 2,
      rejections: [
        { row: 3, kolom: null, aturan: "jumlah kolom kurang dari baris judul", nilai: null },
        { row: 4, kolom: null, aturan: "jumlah kolom lebih dari baris judul", nilai: null },
      ],
    },
  },
  {
    name: "spreadsheet formulas",
    file: "skm/rumus.csv",
    content: () =>
      Buffer.from(lines(SKM_HEADER, cell(SKM_ROW, 2, '"=HYPERLINK(""http://contoh.invalid"",""klik"")"'), cell(SKM_ROW, 1, "=1+2"), cell(SKM_ROW, 2, "@SUM(A1:A9)"))),
    loaded: {
      rowsIn: 3,
      rowsOk: 2,
      rejections: [{ row: 3, kolom: "kode_unit", aturan: "unit layanan tidak dikenal (tidak ada di data/reference/unit_layanan.csv)", nilai: "=1+2" }],
    },
    verbatim: { column: "jenis_layanan", values: ['=HYPERLINK("http://contoh.invalid","klik")', "@SUM(A1:A9)"] },
  },
  {
    name: "SQL-looking values",
    file: "skm/sql.csv",
    content: () =>
      Buffer.from(lines(SKM_HEADER, cell(SKM_ROW, 2, "'; DROP TABLE raw.skm; --"), cell(SKM_ROW, 1, "x'); DELETE FROM meta.loads; --"), cell(SKM_ROW, 2, 'Robert"); DROP TABLE ref.opd;--'))),
    loaded: {
      rowsIn: 3,
      rowsOk: 2,
      rejections: [
        { row: 3, kolom: "kode_unit", aturan: "unit layanan tidak dikenal (tidak ada di data/reference/unit_layanan.csv)", nilai: "x'); DELETE FROM meta.loads; --" },
      ],
    },
    verbatim: { column: "jenis_layanan", values: ["'; DROP TABLE raw.skm; --", 'Robert"); DROP TABLE ref.opd;--'] },
  },
  {
    name: "out-of-range answers, future and impossible dates, negative and huge numbers",
    file: "skm/rentang.csv",
    content: () =>
      Buffer.from(
        lines(
          SKM_HEADER,
          cell(SKM_ROW, 3, "5"),
          cell(SKM_ROW, 4, "0"),
          cell(SKM_ROW, 0, "17/01/2099"),
          cell(SKM_ROW, 0, "31/02/2024"),
          cell(SKM_ROW, 13, "-5"),
          cell(SKM_ROW, 13, "99999999999999999999999"),
          cell(SKM_ROW, 6, '"3,5"'),
          cell(SKM_ROW, 13, "1e308"),
          SKM_ROW,
        ),
      ),
    loaded: {
      rowsIn: 9,
      rowsOk: 1,
      rejections: [
        { row: 2, kolom: "persyaratan", aturan: "di luar rentang 1-4", nilai: "5" },
        { row: 3, kolom: "prosedur", aturan: "di luar rentang 1-4", nilai: "0" },
        { row: 4, kolom: "tanggal", aturan: "tanggal di masa depan", nilai: "17/01/2099" },
        { row: 5, kolom: "tanggal", aturan: "bukan tanggal (dd/mm/yyyy atau yyyy-mm-dd)", nilai: "31/02/2024" },
        { row: 6, kolom: "umur", aturan: "di luar rentang 10-120", nilai: "-5" },
        { row: 7, kolom: "umur", aturan: "angka terlalu besar", nilai: "99999999999999999999999" },
        { row: 8, kolom: "biaya", aturan: "bukan bilangan bulat", nilai: "3,5" },
        { row: 9, kolom: "umur", aturan: "bukan angka", nilai: "1e308" },
      ],
    },
  },
  {
    name: "NIPs with letters, the wrong length, a formula",
    file: "skp/nip.csv",
    content: () =>
      Buffer.from(
        lines(SKP_HEADER, skpRow("19870102201003102A"), skpRow("1987010220100310"), skpRow("1987010220100310201"), skpRow("=cmd|' /C calc'!A0"), skpRow("198701022010031020")),
      ),
    loaded: {
      rowsIn: 5,
      rowsOk: 1,
      // the clear NIP is never kept, not even in quarantine
      rejections: [2, 3, 4, 5].map((row) => ({ row, kolom: "nip", aturan: "NIP harus 18 angka dan tidak berakhir 000 (nomor urut mulai 001; angka 000 biasanya NIP yang dibulatkan Excel)", nilai: null })),
    },
  },
  {
    name: "XLSX: corrupt zip",
    file: "izin/rusak.xlsx",
    content: () => Buffer.from("PK\u0003\u0004 this is not really a zip archive"),
    refused: ["izin/rusak.xlsx", "bukan berkas XLSX yang dapat dibaca"],
  },
  {
    name: "XLSX: a zip that is not a workbook",
    file: "izin/bukan-buku.xlsx",
    content: async () => {
      const zip = new JSZip();
      zip.file("catatan.txt", "bukan lembar kerja");
      return Buffer.from(await zip.generateAsync({ type: "uint8array" }));
    },
    refused: ["izin/bukan-buku.xlsx"],
  },
  {
    name: "XLSX: truncated workbook",
    file: "izin/terpotong.xlsx",
    content: async () => {
      const full = await xlsx((wb) => {
        const ws = wb.addWorksheet("Data");
        ws.addRow(IZIN_HEADER);
        ws.addRow(["A-1", "PBG", "02/01/2024", "10/01/2024", "Selesai"]);
      });
      return full.subarray(0, Math.floor(full.length / 2));
    },
    refused: ["izin/terpotong.xlsx", "bukan berkas XLSX yang dapat dibaca"],
  },
  {
    name: "XLSX: empty workbook",
    file: "izin/kosong.xlsx",
    content: () => xlsx((wb) => void wb.addWorksheet("Kosong")),
    refused: ["izin/kosong.xlsx", "kosong"],
  },
  {
    name: "XLSX: header only",
    file: "izin/judul.xlsx",
    content: () => xlsx((wb) => void wb.addWorksheet("Data").addRow(IZIN_HEADER)),
    refused: ["izin/judul.xlsx", "tidak ada baris data"],
  },
  {
    name: "XLSX: an NIP typed as a number (Excel kept 15 digits) is rejected, one stored as text is not",
    file: "skp/nip-angka.xlsx",
    content: () =>
      xlsx((wb) => {
        const ws = wb.addWorksheet("SKP");
        ws.addRow(SKP_HEADER.split(";"));
        ws.addRow(skpRow("198507142010011003").split(";").map((v, i) => (i === 0 ? 198507142010011003 : v)));
        ws.addRow(skpRow("198507142010011004").split(";"));
      }),
    loaded: { rowsIn: 2, rowsOk: 1, rejections: [{ row: 2, kolom: "nip", aturan: "NIP harus 18 angka dan tidak berakhir 000 (nomor urut mulai 001; angka 000 biasanya NIP yang dibulatkan Excel)", nilai: null }] },
  },
  {
    name: "XLSX: formula strings, SQL text and a future date",
    file: "izin/isi.xlsx",
    content: () =>
      xlsx((wb) => {
        const ws = wb.addWorksheet("Data");
        ws.addRow(IZIN_HEADER);
        ws.addRow(["=HYPERLINK(\"http://contoh.invalid\")", "PBG", "02/01/2024", "10/01/2024", "Selesai"]);
        ws.addRow(["'; DROP TABLE raw.izin; --", "PBG", "02/01/2099", "", "Proses"]);
      }),
    loaded: { rowsIn: 2, rowsOk: 1, rejections: [{ row: 3, kolom: "tanggal_masuk", aturan: "tanggal di masa depan", nilai: "02/01/2099" }] },
  },
];
