// The shape every report pack shares: sections of paragraphs, SVG charts and tables. The HTML (and
// so the PDF) and the XLSX are two renderings of the same Paket; numbers are shaped in SQL
// (reports/data.ts) and only formatted here and in the renderers.

/** How a column's values are typed and formatted. `persen` values are in percent units (85.5 = 85,5%). */
export type Tipe = "teks" | "angka" | "persen" | "bulat" | "orang" | "tanggal" | "status";

/** A count of people withheld from a public pack (1-4, or the secondary cell that would reveal it). */
export const DISEMBUNYIKAN = "< 5";

export interface Kolom {
  key: string;
  label: string;
  tipe: Tipe;
}

export type Baris = Record<string, unknown>;

export interface Tabel {
  /** Short sheet name (Excel allows 31 characters). */
  id: string;
  judul: string;
  kolom: Kolom[];
  baris: Baris[];
  /** A totals row computed in SQL (never a formula). */
  total?: Baris | null;
  /** What an empty numeric cell means in this table ("–" by default; "n/a" in the LKjIP tables). */
  kosong?: string;
  /** Wide table: printed on a landscape page. */
  lebar?: boolean;
  /** Definition and source lines for the metadata sheet and the table's caption. */
  definisi?: string;
  sumber?: string;
}

export interface Bagian {
  judul: string;
  paragraf?: string[];
  /** Labelled blocks of text (commentary: faktor pendorong, penghambat, tindak lanjut). */
  blok?: { judul: string; teks: string }[];
  /** An inline SVG chart and its text alternative. */
  grafik?: { svg: string; alt: string };
  tabel?: Tabel[];
  /** Starts on a new page. */
  halamanBaru?: boolean;
}

export interface Penandatangan {
  tempat: string;
  /** ISO date yyyy-mm-dd (the pack's date, WIB). */
  tanggal: string;
  jabatan: string;
  nama: string;
}

export interface MuatanData {
  load_id: number;
  source: string;
  file: string;
  rows_ok: number;
  /** ISO date (WIB) the load finished. */
  tanggal: string;
}

export interface MetaPaket {
  demo: boolean;
  /** ISO timestamp of the last transform (the data date of the pack). */
  diperbarui: string | null;
  periodeAwal: string | null;
  periodeAkhir: string | null;
  muatan: MuatanData[];
  /** Which optional warehouse tables fed the pack (signals), for the methodology annex. */
  sumberOpsional: string[];
}

export type JenisPaket = "opd-triwulan" | "kota" | "lkjip";

export interface Paket {
  jenis: JenisPaket;
  periode: string;
  /** OPD code, or "KOTA" for the city-wide pack. */
  kode: string;
  judul: string;
  subjudul: string;
  /** File name without extension, e.g. "opd-DINKES-2025-Q3". */
  namaFile: string;
  bagian: Bagian[];
  penandatangan: Penandatangan;
  final: boolean;
  meta: MetaPaket;
}

/** Every table of a pack, in order. */
export function semuaTabel(p: Paket): Tabel[] {
  return p.bagian.flatMap((b) => b.tabel ?? []);
}
