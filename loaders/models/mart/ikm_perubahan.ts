// Change of each service unit's IKM between consecutive periods of the same kind (semester to
// semester, year to year), against the city's change (METHODS §4): Welch from summary statistics of
// respondent scores (core.skm_respon) for D = Δ_unit − Δ_rest-of-city, two-sided p, then
// Benjamini-Hochberg at q = 0,05 across the units of the period. Units and IKM from mart.ikm_unit.
// Regression to the mean: a unit low last time tends to rise anyway (the page says so).
import type { Warehouse } from "../../warehouse/connection.ts";
import { benjaminiHochberg, contrastWithCity, type SummaryStats } from "../../analytics/change.ts";
import { groupBy, writeTable, type Columns } from "../../analytics/table.ts";
import { RINGKASAN_SKOR_SQL, type RingkasanSkor } from "./ikm_funnel.ts";

export const BH_Q = 0.05;

export interface IkmPerubahanRow {
  periode: string;
  periode_sebelum: string;
  kode_unit: string;
  kode_opd: string;
  n_sebelum: number;
  n: number;
  ikm_sebelum: number;
  ikm: number;
  /** Change of the unit's mean respondent score. */
  delta_unit: number;
  /** Change of the rest of the city (city without the unit). */
  delta_kota: number;
  /** D = delta_unit − delta_kota. */
  selisih: number;
  se: number;
  df: number;
  p: number;
  /** BH-adjusted p within the period. */
  p_bh: number;
  /** The period's BH cut-off k*·q/m on the raw p (0 when nothing is flagged). */
  ambang_bh: number;
  bermakna: boolean;
  /** 'turun' | 'naik' (sign of D). */
  arah: string;
}

export const IKM_PERUBAHAN_COLUMNS: Columns<IkmPerubahanRow> = [
  ["periode", "VARCHAR"],
  ["periode_sebelum", "VARCHAR"],
  ["kode_unit", "VARCHAR"],
  ["kode_opd", "VARCHAR"],
  ["n_sebelum", "INTEGER"],
  ["n", "INTEGER"],
  ["ikm_sebelum", "DOUBLE"],
  ["ikm", "DOUBLE"],
  ["delta_unit", "DOUBLE"],
  ["delta_kota", "DOUBLE"],
  ["selisih", "DOUBLE"],
  ["se", "DOUBLE"],
  ["df", "DOUBLE"],
  ["p", "DOUBLE"],
  ["p_bh", "DOUBLE"],
  ["ambang_bh", "DOUBLE"],
  ["bermakna", "BOOLEAN"],
  ["arah", "VARCHAR"],
];

/** The previous semester or year (null for other period kinds). */
export function periodeSebelum(p: string): string | null {
  if (/^\d{4}$/.test(p)) return String(Number(p) - 1);
  const m = /^(\d{4})-S([12])$/.exec(p);
  if (m) return m[2] === "2" ? `${m[1]}-S1` : `${Number(m[1]) - 1}-S2`;
  return null;
}

export default async function build(wh: Warehouse, table: string): Promise<void> {
  // Respondent-score summaries of every unit and period of mart.ikm_unit (from core.skm_respon).
  const units = (await wh.query<RingkasanSkor>(RINGKASAN_SKOR_SQL)).filter(
    (u): u is RingkasanSkor & { n: number; mean: number } => u.n != null && u.n > 0 && u.mean != null,
  );
  const city = new Map(
    (
      await wh.query<{ periode: string; n: number; mean: number; sd: number }>(`
      SELECT semester AS periode, count(skor_responden) AS n, avg(skor_responden) AS mean, stddev_samp(skor_responden) AS sd FROM core.skm_respon GROUP BY 1
      UNION ALL
      SELECT CAST(tahun AS VARCHAR), count(skor_responden), avg(skor_responden), stddev_samp(skor_responden) FROM core.skm_respon GROUP BY 1`)
    ).map((c) => [c.periode, c as SummaryStats]),
  );
  const byKey = new Map(units.map((u) => [`${u.periode}|${u.kode_unit}`, u]));
  const rows: IkmPerubahanRow[] = [];
  for (const [periode, list] of groupBy(units, (u) => u.periode)) {
    const prevP = periodeSebelum(periode);
    const cityNow = city.get(periode);
    const cityPrev = prevP ? city.get(prevP) : undefined;
    if (!prevP || !cityNow || !cityPrev) continue;
    const tested: Omit<IkmPerubahanRow, "p_bh" | "ambang_bh" | "bermakna">[] = [];
    for (const u of list) {
      const prev = byKey.get(`${prevP}|${u.kode_unit}`);
      if (!prev || u.n < 2 || prev.n < 2 || u.sd == null || prev.sd == null) continue;
      if (cityNow.n - u.n < 2 || cityPrev.n - prev.n < 2) continue;
      const w = contrastWithCity(
        { before: { n: prev.n, mean: prev.mean, sd: prev.sd }, after: { n: u.n, mean: u.mean, sd: u.sd } },
        { before: cityPrev, after: cityNow },
      );
      if (!Number.isFinite(w.p)) continue;
      tested.push({
        periode,
        periode_sebelum: prevP,
        kode_unit: u.kode_unit,
        kode_opd: u.kode_opd,
        n_sebelum: prev.n,
        n: u.n,
        ikm_sebelum: prev.ikm,
        ikm: u.ikm,
        delta_unit: w.deltaUnit,
        delta_kota: w.deltaCity,
        selisih: w.delta,
        se: w.se,
        df: w.df,
        p: w.p,
        arah: w.delta < 0 ? "turun" : "naik",
      });
    }
    const bh = benjaminiHochberg(tested.map((t) => t.p), BH_Q);
    tested.forEach((t, i) => rows.push({ ...t, p_bh: bh.adjusted[i], ambang_bh: bh.threshold, bermakna: bh.rejected[i] }));
  }
  await writeTable(wh, table, IKM_PERUBAHAN_COLUMNS, rows);
}
