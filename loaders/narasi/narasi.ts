// Human commentary beside the figures: data/narasi/<KODE_OPD>/<periode>.md, periode "2025-Q3" or "2025".
// Markdown; text before the first heading is the summary, then the LKjIP sections by heading:
//   ## Faktor pendorong / ## Faktor penghambat / ## Tindak lanjut
// Unknown headings are kept under `lainnya` so nothing an author wrote disappears silently.
import fs from "node:fs";
import path from "node:path";

export interface Narasi {
  kodeOpd: string;
  periode: string;
  file: string;
  ringkasan: string;
  pendorong: string;
  penghambat: string;
  tindakLanjut: string;
  lainnya: { judul: string; teks: string }[];
}

/** A commentary file's name without ".md": a year or a quarter. */
export const PERIODE_NARASI = /^\d{4}(-Q[1-4])?$/;
const PERIODE = PERIODE_NARASI;
const SECTION: Record<string, keyof Pick<Narasi, "pendorong" | "penghambat" | "tindakLanjut">> = {
  "faktor pendorong": "pendorong",
  pendorong: "pendorong",
  "faktor penghambat": "penghambat",
  penghambat: "penghambat",
  "tindak lanjut": "tindakLanjut",
  "rencana tindak lanjut": "tindakLanjut",
};

export function parseNarasi(text: string, kodeOpd: string, periode: string, file: string): Narasi {
  const out: Narasi = { kodeOpd, periode, file, ringkasan: "", pendorong: "", penghambat: "", tindakLanjut: "", lainnya: [] };
  const parts = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split(/^##\s+(.+)$/m);
  out.ringkasan = parts[0].trim();
  for (let i = 1; i < parts.length; i += 2) {
    const judul = parts[i].trim();
    const teks = (parts[i + 1] ?? "").trim();
    const key = SECTION[judul.toLowerCase().replace(/[:.]+$/, "")];
    if (key) out[key] = out[key] ? `${out[key]}\n\n${teks}` : teks;
    else out.lainnya.push({ judul, teks });
  }
  return out;
}

/** The commentary for one OPD and period, or null when none was written. */
export function readNarasi(dir: string, kodeOpd: string, periode: string): Narasi | null {
  const file = path.join(dir, kodeOpd, `${periode}.md`);
  if (!fs.existsSync(file)) return null;
  return parseNarasi(fs.readFileSync(file, "utf8"), kodeOpd, periode, file);
}

/** Every commentary file under dir; files whose names are not a period are skipped. */
export function listNarasi(dir: string): Narasi[] {
  if (!fs.existsSync(dir)) return [];
  const out: Narasi[] = [];
  for (const kode of fs.readdirSync(dir).sort()) {
    const sub = path.join(dir, kode);
    if (!fs.statSync(sub).isDirectory()) continue;
    const periods = fs.readdirSync(sub).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3));
    for (const periode of periods.filter((p) => PERIODE.test(p)).sort()) out.push(readNarasi(dir, kode, periode)!);
  }
  return out;
}

/** A block of commentary text for the page: a paragraph or a bullet list, plain text only. */
export type Blok = { jenis: "p"; teks: string } | { jenis: "ul"; butir: string[] };

/**
 * The small Markdown subset authors use (paragraphs, "-"/"*"/"1." lists), as plain-text blocks. Any
 * HTML or other markup stays literal text: pages render blocks with text nodes, never as HTML.
 * Emphasis markers (** and _) and backslash escapes are removed; links keep their text and address.
 */
export function blokTeks(teks: string): Blok[] {
  const bersih = (s: string) =>
    s
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, "$1 ($2)")
      .replace(/(\*\*|__)(.+?)\1/g, "$2")
      .replace(/\\([\\`*_{}[\]()#+\-.!])/g, "$1")
      .trim();
  const out: Blok[] = [];
  for (const bagian of teks.replace(/\r\n?/g, "\n").split(/\n\s*\n/)) {
    const baris = bagian.split("\n").map((b) => b.trim()).filter(Boolean);
    if (!baris.length) continue;
    const butir = /^([-*+]|\d+[.)])\s+/;
    if (baris.every((b) => butir.test(b))) out.push({ jenis: "ul", butir: baris.map((b) => bersih(b.replace(butir, ""))) });
    else out.push({ jenis: "p", teks: bersih(baris.join(" ")) });
  }
  return out;
}

/**
 * True when commentary text holds something that looks like a NIK (16 digits) or a NIP (18 digits,
 * also written "19850101 201001 1 001"): such a file is withheld from the site and named by the build.
 */
export function adaNomorPribadi(teks: string): boolean {
  return /(?<!\d)(\d{16}|\d{18})(?!\d)/.test(teks) || /(?<!\d)\d{8}[ .-]\d{6}[ .-]\d[ .-]\d{3}(?!\d)/.test(teks);
}
