// Control charts of every OPD indicator's quarterly capaian (METHODS §3): XmR limits from a locked
// baseline of the first 12 reported quarters (x̄ ± 2,66·MR̄), the 3σ rule and the Anhøj runs rules
// around the median; a run chart alone when MR̄ = 0 or half the points are equal (capped values).
// Read from mart.indikator_capaian. The charted value is the quarter's capaian capped at 120 (higher
// is better whatever the polarity); a cumulative indicator (agregasi = 'kumulatif') is de-cumulated
// first: the quarter's own realisation (s.d. Qk − s.d. Qk−1 of the same year) against a quarter of
// the annual target. Each quarter is judged on the series up to that quarter (what was known then).
// A quarter signals when its point is beyond 3σ or the run ending at it is longer than Anhøj's limit;
// too few crossings is reported (sinyal_crossing) but not a quarterly signal, having no time or side.
// OPD flag (opd_ditandai): two indicators of the OPD signal worsening in the same quarter, or one
// falls below its lower 3σ limit (improvements never flag an OPD).
import type { Warehouse } from "../../warehouse/connection.ts";
import { anhoj, currentRun, opdFlag, xmr } from "../../analytics/xmr.ts";
import { angkaId } from "../../analytics/format-id.ts";
import { groupBy, writeTable, type Columns } from "../../analytics/table.ts";

export interface IndikatorSinyalRow {
  periode: string;
  kode_opd: string;
  kode_indikator: string;
  agregasi: string;
  /** Charted value: capaian of the quarter (de-cumulated when cumulative), capped at 120; null = belum lapor. */
  nilai: number | null;
  /** Points charted up to this quarter. */
  jumlah_titik: number;
  /** xmr | run_chart | baseline_kurang */
  mode: string;
  garis_tengah: number | null;
  mr_rata: number | null;
  batas_bawah: number | null;
  batas_atas: number | null;
  batas_bawah_2s: number | null;
  batas_atas_2s: number | null;
  median: number | null;
  /** This quarter's point beyond 3σ: 'atas' | 'bawah' | null. */
  luar_3s: string | null;
  /** Length and side of the run ending at this quarter, and Anhøj's limit (signal when longer). */
  run_kini: number;
  sisi_run: string | null;
  batas_run: number;
  sinyal_run: boolean;
  sinyal_crossing: boolean;
  /** The quarter signals (3σ or current run). */
  sinyal: boolean;
  /** 'memburuk' | 'membaik' | null */
  arah: string | null;
  alasan: string | null;
  opd_ditandai: boolean;
  /** 'luar_3s' | 'dua_indikator' | null */
  opd_alasan: string | null;
}

export const INDIKATOR_SINYAL_COLUMNS: Columns<IndikatorSinyalRow> = [
  ["periode", "VARCHAR"],
  ["kode_opd", "VARCHAR"],
  ["kode_indikator", "VARCHAR"],
  ["agregasi", "VARCHAR"],
  ["nilai", "DOUBLE"],
  ["jumlah_titik", "INTEGER"],
  ["mode", "VARCHAR"],
  ["garis_tengah", "DOUBLE"],
  ["mr_rata", "DOUBLE"],
  ["batas_bawah", "DOUBLE"],
  ["batas_atas", "DOUBLE"],
  ["batas_bawah_2s", "DOUBLE"],
  ["batas_atas_2s", "DOUBLE"],
  ["median", "DOUBLE"],
  ["luar_3s", "VARCHAR"],
  ["run_kini", "INTEGER"],
  ["sisi_run", "VARCHAR"],
  ["batas_run", "INTEGER"],
  ["sinyal_run", "BOOLEAN"],
  ["sinyal_crossing", "BOOLEAN"],
  ["sinyal", "BOOLEAN"],
  ["arah", "VARCHAR"],
  ["alasan", "VARCHAR"],
  ["opd_ditandai", "BOOLEAN"],
  ["opd_alasan", "VARCHAR"],
];

interface Input {
  periode: string;
  kode_opd: string;
  kode_indikator: string;
  agregasi: string;
  nilai: number | null;
}

/** The quarterly series, de-cumulated where cumulative, capped at 120 (SQL: the capaian macros). */
export const SERIES_SQL = `
  WITH q AS (
    SELECT c.*, periode_tahun(c.periode) AS tahun, CAST(right(c.periode, 1) AS INTEGER) AS triwulan
    FROM mart.indikator_capaian c WHERE periode_jenis(c.periode) = 'triwulan'
  )
  SELECT q.periode, q.kode_opd, q.kode_indikator, q.agregasi,
    capaian_dibatasi(CASE
      WHEN q.agregasi <> 'kumulatif' THEN q.capaian
      WHEN q.triwulan = 1 THEN iku_capaian(q.polaritas, q.target_tahunan / 4, q.target_atas / q.triwulan, q.realisasi)
      ELSE iku_capaian(q.polaritas, q.target_tahunan / 4, q.target_atas / q.triwulan, q.realisasi - p.realisasi) END) AS nilai
  FROM q LEFT JOIN q p ON p.kode_indikator = q.kode_indikator AND p.tahun = q.tahun AND p.triwulan = q.triwulan - 1
  ORDER BY q.kode_indikator, q.periode`;

const fmt = (x: number) => angkaId(x, 1);

export function chartRows(series: readonly Input[]): Omit<IndikatorSinyalRow, "opd_ditandai" | "opd_alasan">[] {
  const out: Omit<IndikatorSinyalRow, "opd_ditandai" | "opd_alasan">[] = [];
  const values = series.map((s) => s.nilai);
  series.forEach((s, t) => {
    const upto = values.slice(0, t + 1);
    const chart = xmr(upto);
    const runs = anhoj(upto);
    const run = currentRun(upto, runs.median);
    const present = s.nilai !== null;
    const last = present ? chart.points[chart.points.length - 1] : undefined;
    const luar = chart.mode === "xmr" && last ? last.luar3s : null;
    const judged = present && chart.mode !== "baseline_kurang";
    const sinyalRun = judged && run.length > runs.runLimit;
    const sinyal = judged && (luar !== null || sinyalRun);
    const arah = !sinyal ? null : (luar ?? run.side) === "bawah" ? "memburuk" : "membaik";
    const alasan: string[] = [];
    if (judged && luar === "bawah") alasan.push(`capaian ${fmt(s.nilai!)} di bawah batas kendali bawah ${fmt(chart.lcl!)}`);
    if (judged && luar === "atas") alasan.push(`capaian ${fmt(s.nilai!)} di atas batas kendali atas ${fmt(chart.ucl!)}`);
    if (sinyalRun)
      alasan.push(`${run.length} triwulan berturut-turut ${run.side === "bawah" ? "di bawah" : "di atas"} median ${fmt(runs.median)} (batas ${runs.runLimit})`);
    out.push({
      periode: s.periode,
      kode_opd: s.kode_opd,
      kode_indikator: s.kode_indikator,
      agregasi: s.agregasi,
      nilai: s.nilai,
      jumlah_titik: chart.points.length,
      mode: chart.mode,
      garis_tengah: chart.centre,
      mr_rata: chart.mrBar,
      batas_bawah: chart.lcl,
      batas_atas: chart.ucl,
      batas_bawah_2s: chart.lower2s,
      batas_atas_2s: chart.upper2s,
      median: Number.isFinite(runs.median) ? runs.median : null,
      luar_3s: luar,
      run_kini: run.length,
      sisi_run: run.side,
      batas_run: runs.runLimit,
      sinyal_run: sinyalRun,
      sinyal_crossing: judged && runs.crossingSignal,
      sinyal,
      arah,
      alasan: alasan.length ? alasan.join("; ") : null,
    });
  });
  return out;
}

export default async function build(wh: Warehouse, table: string): Promise<void> {
  const input = await wh.query<Input>(SERIES_SQL);
  const rows: IndikatorSinyalRow[] = [];
  for (const series of groupBy(input, (r) => r.kode_indikator).values())
    for (const r of chartRows(series)) rows.push({ ...r, opd_ditandai: false, opd_alasan: null });
  for (const group of groupBy(rows, (r) => `${r.periode}|${r.kode_opd}`).values()) {
    const flag = opdFlag(group.map((r) => ({ kode: r.kode_indikator, sinyal: r.arah === "memburuk", luar3s: r.luar_3s === "bawah" })));
    for (const r of group) {
      r.opd_ditandai = flag.flagged;
      r.opd_alasan = flag.alasan;
    }
  }
  await writeTable(wh, table, INDIKATOR_SINYAL_COLUMNS, rows);
}
