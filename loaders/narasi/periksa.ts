// Red indicators without commentary: every indicator of the latest quarter and the latest year with
// any realisation whose status is "tidak tercapai" (red) and whose OPD has no commentary file
// data/narasi/<KODE_OPD>/<periode>.md for that period. Printed by `kinerja build`, shown on
// /kualitas-data.
import fs from "node:fs";
import path from "node:path";
import type { Warehouse } from "../warehouse/connection.ts";
import { adaNomorPribadi, listNarasi, PERIODE_NARASI, type Narasi } from "./narasi.ts";

export interface IndikatorMerah {
  periode: string;
  kode_opd: string;
  nama_opd: string;
  kode_indikator: string;
  nama_indikator: string;
  capaian: number | null;
  /** Set when the OPD wrote a commentary that is withheld (it holds what looks like a NIK or NIP). */
  ditahan?: boolean;
}

/** The red rows whose OPD and period have no commentary. Pure. */
export function tanpaNarasi(merah: IndikatorMerah[], narasi: { kodeOpd: string; periode: string }[]): IndikatorMerah[] {
  const ada = new Set(narasi.map((n) => `${n.kodeOpd}|${n.periode}`));
  return merah.filter((r) => !ada.has(`${r.kode_opd}|${r.periode}`));
}

/** The latest quarter and the latest year that have any realisation in mart.indikator_capaian. */
export async function periodeTerakhir(wh: Warehouse): Promise<string[]> {
  const r = await wh.one<{ q: string | null; y: string | null }>(
    `SELECT max(periode) FILTER (WHERE periode LIKE '%-Q%') AS q, max(periode) FILTER (WHERE length(periode) = 4) AS y
     FROM mart.indikator_capaian WHERE realisasi IS NOT NULL`,
  );
  return [r.q, r.y].filter((p): p is string => p != null);
}

/** Red indicators of the latest period(s) without commentary in dir (data/narasi). */
export async function merahTanpaNarasi(wh: Warehouse, dir: string): Promise<IndikatorMerah[]> {
  const periods = await periodeTerakhir(wh);
  if (!periods.length) return [];
  const merah = await wh.query<IndikatorMerah>(
    `SELECT c.periode, c.kode_opd, o.nama_opd, c.kode_indikator, c.nama_indikator, c.capaian
     FROM mart.indikator_capaian c JOIN ref.opd o USING (kode_opd)
     WHERE c.status = 'tidak tercapai' AND list_contains($1::VARCHAR[], c.periode)
     ORDER BY c.periode DESC, c.kode_opd, c.kode_indikator`,
    [JSON.stringify(periods)],
  );
  const semua = listNarasi(dir);
  const teks = (n: Narasi) => [n.ringkasan, n.pendorong, n.penghambat, n.tindakLanjut, ...n.lainnya.map((l) => l.teks)].join("\n");
  const ditahan = new Set(semua.filter((n) => adaNomorPribadi(teks(n))).map((n) => `${n.kodeOpd}|${n.periode}`));
  return tanpaNarasi(merah, semua.filter((n) => !ditahan.has(`${n.kodeOpd}|${n.periode}`))).map((r) =>
    ditahan.has(`${r.kode_opd}|${r.periode}`) ? { ...r, ditahan: true } : r,
  );
}

const nf = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 });

/** The lines `kinerja build` prints. */
export function formatMerahTanpaNarasi(list: IndikatorMerah[]): string {
  if (!list.length) return "Narasi: setiap indikator merah periode terakhir sudah diberi narasi.";
  const lines = [`Narasi: ${list.length} indikator merah (tidak tercapai) belum diberi narasi (data/narasi/<KODE_OPD>/<periode>.md):`];
  for (const r of list)
    lines.push(`  ${r.periode} ${r.kode_opd} ${r.kode_indikator}: ${r.nama_indikator} (capaian ${r.capaian == null ? "–" : nf.format(r.capaian) + "%"})${r.ditahan ? "; narasinya ditahan karena memuat nomor mirip NIK/NIP" : ""}`);
  return lines.join("\n");
}

/** Commentary files the site ignores: a folder that is no OPD code, or a name that is no period. */
export async function narasiTakDikenal(wh: Warehouse, dir: string): Promise<string[]> {
  if (!fs.existsSync(dir)) return [];
  const kode = new Set((await wh.query<{ kode_opd: string }>(`SELECT kode_opd FROM ref.opd`)).map((r) => r.kode_opd));
  const out: string[] = [];
  for (const d of fs.readdirSync(dir).sort()) {
    const sub = path.join(dir, d);
    if (!fs.statSync(sub).isDirectory()) continue;
    if (!kode.has(d)) {
      out.push(`${d}/: bukan kode OPD di data/reference/opd.csv`);
      continue;
    }
    for (const f of fs.readdirSync(sub).sort())
      if (f.endsWith(".md") && !PERIODE_NARASI.test(f.slice(0, -3))) out.push(`${d}/${f}: nama berkas bukan periode (contoh: 2025-Q3.md atau 2025.md)`);
  }
  return out;
}

/** What `kinerja build` prints about the commentary: red indicators without it, and ignored files. */
export async function laporanNarasi(wh: Warehouse, dir: string): Promise<string> {
  const lines = [formatMerahTanpaNarasi(await merahTanpaNarasi(wh, dir))];
  const asing = await narasiTakDikenal(wh, dir);
  if (asing.length) lines.push(`Narasi: ${asing.length} berkas diabaikan:`, ...asing.map((a) => `  data/narasi/${a}`));
  return lines.join("\n");
}
