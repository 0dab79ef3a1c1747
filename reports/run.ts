// `kinerja report`: builds the packs of one period (city-wide plus one per OPD, or one OPD with
// --opd) in the requested formats, each written to a temp name and renamed into place. Without
// Chromium the PDFs are skipped with a clear message and the XLSX and HTML are still written.
import fs from "node:fs";
import path from "node:path";
import type { Warehouse } from "../loaders/warehouse/connection.ts";
import { paketKota, paketLkjip, paketOpdTriwulan } from "./build.ts";
import { LaporanError, parsePeriode, Sumber } from "./data.ts";
import { renderHtml } from "./html.ts";
import type { Paket } from "./pack.ts";
import { bukaPencetak, CHROMIUM_PATH, type PencetakPdf } from "./pdf.ts";
import { renderXlsx } from "./xlsx.ts";

export type Format = "pdf" | "xlsx" | "html";
export const FORMATS: Format[] = ["pdf", "xlsx", "html"];

export interface OpsiLaporan {
  periode: string;
  opd?: string;
  formats: Format[];
  out: string;
  final: boolean;
  /** ISO date of the packs (signature date). */
  tanggal: string;
  root: string;
  log: (line: string) => void;
  chromium?: string;
  /** Only the city-wide pack (the site's download page uses this for older periods). */
  hanyaKota?: boolean;
}

export interface HasilLaporan {
  berkas: string[];
  paket: number;
  /** Why the PDFs were not made, when they were requested and Chromium was missing. */
  pdfDilewati: string | null;
}

export function parseFormats(v: string): Format[] {
  const list = v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((f) => !FORMATS.includes(f as Format));
  if (bad.length || list.length === 0) throw new LaporanError(`--format "${v}" tidak dikenal: pilih dari pdf, xlsx, html (dipisah koma)`);
  return [...new Set(list)] as Format[];
}

export function tulisAtomik(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * The packs of one period, built one at a time (the caller renders each as it comes). Packs of
 * several periods read from the same warehouse may share one `src` (Sumber.buka), which reads what
 * they have in common once.
 */
export async function* paketPeriode(
  wh: Warehouse,
  o: Pick<OpsiLaporan, "periode" | "opd" | "final" | "tanggal" | "root" | "hanyaKota">,
  src?: Sumber,
): AsyncGenerator<Paket> {
  const p = parsePeriode(o.periode);
  src ??= await Sumber.buka(wh);
  if (!(await src.periodeAda(p.periode)))
    throw new LaporanError(`periode ${p.periode} belum ada di mart.indikator_capaian: muat dulu realisasi IKU periode itu (npx kinerja ingest lalu transform)`);
  const opsi = { root: o.root, tanggal: o.tanggal, final: o.final };
  if (!o.opd) yield await paketKota(src, p, opsi);
  if (o.hanyaKota) return;
  for (const opd of await src.opd(o.opd))
    yield p.jenis === "triwulan" ? await paketOpdTriwulan(src, p, opd.kode_opd, opsi) : await paketLkjip(src, p, opd.kode_opd, opsi);
}

export async function buatLaporan(wh: Warehouse, o: OpsiLaporan): Promise<HasilLaporan> {
  const dir = path.join(o.out, o.periode);
  const hasil: HasilLaporan = { berkas: [], paket: 0, pdfDilewati: null };
  let pencetak: PencetakPdf | null = null;
  if (o.formats.includes("pdf")) {
    try {
      pencetak = await bukaPencetak(o.chromium ?? CHROMIUM_PATH);
    } catch (e) {
      hasil.pdfDilewati = (e as Error).message;
      o.log(`Peringatan: ${hasil.pdfDilewati}`);
    }
  }
  try {
    for await (const paket of paketPeriode(wh, o)) {
      hasil.paket++;
      const base = path.join(dir, paket.namaFile);
      const html = renderHtml(paket);
      if (o.formats.includes("html")) {
        tulisAtomik(`${base}.html`, html);
        hasil.berkas.push(`${base}.html`);
      }
      if (o.formats.includes("xlsx")) {
        tulisAtomik(`${base}.xlsx`, await renderXlsx(paket));
        hasil.berkas.push(`${base}.xlsx`);
      }
      if (pencetak) {
        tulisAtomik(`${base}.pdf`, await pencetak.cetak(html));
        hasil.berkas.push(`${base}.pdf`);
      }
      o.log(`  ${paket.namaFile}: ${o.formats.filter((f) => f !== "pdf" || pencetak).join(", ")}`);
    }
  } finally {
    await pencetak?.tutup();
  }
  return hasil;
}
