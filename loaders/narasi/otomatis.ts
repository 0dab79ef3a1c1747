// The automatic sentence of an OPD page and report pack, e.g.
//   "Capaian IKU Dinas Kesehatan naik 6,2 poin menjadi 94,1% pada Triwulan III 2025; 2 dari 9
//    indikator belum tercapai."
// A pure function of mart rows: the headline is mart.opd_ringkasan.rata_capaian (mean capped
// capaian, computed once in the warehouse); the counts are the statuses of mart.indikator_capaian.
// The change is shown between the two values as printed (one decimal), so the sentence adds up.
import { angka, labelPeriode } from "../../src/components/format.ts";

/** One OPD in one period. Counts are numbers of indicators by their status in mart.indikator_capaian. */
export interface RingkasanIku {
  periode: string;
  /** mart.opd_ringkasan.rata_capaian; null when no reported indicator has a capaian. */
  rata_capaian: number | null;
  /** Indicators in the catalogue for the period. */
  jumlah_indikator: number;
  /** status "tercapai". */
  tercapai: number;
  /** status "hampir tercapai" or "tidak tercapai". */
  belum_tercapai: number;
  /** status "belum lapor" (no realisation: never counted as zero). */
  belum_lapor: number;
}

export interface InputKalimatOpd {
  /** e.g. "Dinas Kesehatan". */
  nama_opd: string;
  /** The period the sentence is about. */
  sekarang: RingkasanIku;
  /** The previous period of the same kind (Triwulan II for Triwulan III); null or absent when there is none. */
  sebelum?: RingkasanIku | null;
}

const satuDesimal = (v: number) => Math.round(v * 10) / 10;
const persen1 = (v: number) => `${angka(v, 1, 1)}%`;

/** Counts the statuses of mart.indikator_capaian rows of one OPD and one period. */
export function hitungStatus(rows: { status: string | null }[]): Pick<RingkasanIku, "jumlah_indikator" | "tercapai" | "belum_tercapai" | "belum_lapor"> {
  let tercapai = 0;
  let belumTercapai = 0;
  let belumLapor = 0;
  for (const r of rows) {
    if (r.status === "tercapai") tercapai++;
    else if (r.status === "hampir tercapai" || r.status === "tidak tercapai") belumTercapai++;
    else if (r.status === "belum lapor" || r.status == null) belumLapor++;
  }
  return { jumlah_indikator: rows.length, tercapai, belum_tercapai: belumTercapai, belum_lapor: belumLapor };
}

function kalimatStatus(s: RingkasanIku): string {
  const n = s.jumlah_indikator;
  const lapor = s.belum_lapor > 0 ? `${s.belum_lapor} belum lapor` : "";
  if (s.belum_tercapai === 0 && s.tercapai === n) return `semua ${n} indikator tercapai`;
  if (s.belum_tercapai === 0 && s.tercapai > 0) return `semua indikator yang dilaporkan tercapai (${s.tercapai} dari ${n}), ${lapor}`.replace(/, $/, "");
  const utama = `${s.belum_tercapai} dari ${n} indikator belum tercapai`;
  return lapor ? `${utama} dan ${lapor}` : utama;
}

/**
 * One Indonesian sentence about an OPD's IKU in one period. Handles: no indicator in the catalogue,
 * nothing reported yet (belum lapor), no capaian computable, no previous period, no change, all
 * achieved.
 */
export function kalimatOpd(input: InputKalimatOpd): string {
  const { nama_opd: nama, sekarang: s } = input;
  const label = labelPeriode(s.periode);
  if (s.jumlah_indikator === 0) return `${nama} belum memiliki IKU dalam katalog indikator untuk ${label}.`;
  if (s.belum_lapor >= s.jumlah_indikator)
    return `${nama} belum melaporkan realisasi IKU untuk ${label} (${s.jumlah_indikator} indikator belum lapor).`;
  if (s.rata_capaian == null)
    return `Capaian IKU ${nama} pada ${label} belum dapat dihitung karena indikator yang dilaporkan belum memiliki target.`;
  const now = satuDesimal(s.rata_capaian);
  const prev = input.sebelum?.rata_capaian == null ? null : satuDesimal(input.sebelum.rata_capaian);
  let kepala: string;
  if (prev == null) kepala = `Capaian IKU ${nama} ${persen1(now)} pada ${label} (belum ada periode pembanding)`;
  else {
    const d = satuDesimal(now - prev);
    if (d === 0) kepala = `Capaian IKU ${nama} tetap ${persen1(now)} pada ${label}`;
    else kepala = `Capaian IKU ${nama} ${d > 0 ? "naik" : "turun"} ${angka(Math.abs(d), 1, 1)} poin menjadi ${persen1(now)} pada ${label}`;
  }
  return `${kepala}; ${kalimatStatus(s)}.`;
}
