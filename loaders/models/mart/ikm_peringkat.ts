// Ranks of service units by IKM only with their uncertainty (METHODS §5): per period of
// mart.ikm_funnel, rankability ρ = τ²/(τ² + median s²) (τ² of the whole period, tau2_kota) over the units that are not sampel_kecil; when
// ρ ≥ 0,5, rank intervals by simulation (θ* ~ N(IKM, s²), B = 10.000, fixed seed), the median rank,
// the 2,5-97,5% interval and P(bottom quarter); "kuartil bawah" only when the whole interval lies
// there. When ρ < 0,5 no ranks at all (the funnel is the comparison). Small-sample units are never
// ranked (so never ranked worst). Rank 1 = highest IKM.
import type { Warehouse } from "../../warehouse/connection.ts";
import { rankability, rankIntervals, ranksShown } from "../../analytics/rank.ts";
import { groupBy, writeTable, type Columns } from "../../analytics/table.ts";

export const RANK_DRAWS = 10_000;
export const RANK_SEED = 20261127;

export interface IkmPeringkatRow {
  periode: string;
  kode_unit: string;
  kode_opd: string;
  ikm: number;
  sampel_kecil: boolean;
  rankability: number;
  /** Ranks shown for this period (ρ ≥ 0,5); false also for a small-sample unit. */
  diperingkat: boolean;
  jumlah_diperingkat: number;
  peringkat: number | null;
  peringkat_median: number | null;
  peringkat_bawah: number | null;
  peringkat_atas: number | null;
  p_kuartil_bawah: number | null;
  kuartil_bawah: boolean | null;
}

export const IKM_PERINGKAT_COLUMNS: Columns<IkmPeringkatRow> = [
  ["periode", "VARCHAR"],
  ["kode_unit", "VARCHAR"],
  ["kode_opd", "VARCHAR"],
  ["ikm", "DOUBLE"],
  ["sampel_kecil", "BOOLEAN"],
  ["rankability", "DOUBLE"],
  ["diperingkat", "BOOLEAN"],
  ["jumlah_diperingkat", "INTEGER"],
  ["peringkat", "INTEGER"],
  ["peringkat_median", "INTEGER"],
  ["peringkat_bawah", "INTEGER"],
  ["peringkat_atas", "INTEGER"],
  ["p_kuartil_bawah", "DOUBLE"],
  ["kuartil_bawah", "BOOLEAN"],
];

interface Input {
  periode: string;
  kode_unit: string;
  kode_opd: string;
  ikm: number;
  se: number;
  tau2_kota: number;
  sampel_kecil: boolean;
}

export default async function build(wh: Warehouse, table: string): Promise<void> {
  const input = await wh.query<Input>(
    `SELECT periode, kode_unit, kode_opd, ikm, se, tau2_kota, sampel_kecil FROM mart.ikm_funnel ORDER BY periode, kode_unit`,
  );
  const rows: IkmPeringkatRow[] = [];
  for (const [periode, units] of groupBy(input, (r) => r.periode)) {
    const ranked = units.filter((u) => !u.sampel_kecil);
    const rho = ranked.length ? rankability(ranked[0].tau2_kota, ranked.map((u) => u.se)) : 0;
    const show = ranked.length >= 2 && ranksShown(rho);
    const res = show
      ? new Map(rankIntervals(ranked.map((u) => ({ kode: u.kode_unit, estimate: u.ikm, se: u.se })), { B: RANK_DRAWS, seed: RANK_SEED }).map((r) => [r.kode, r]))
      : new Map();
    for (const u of units) {
      const r = res.get(u.kode_unit);
      rows.push({
        periode,
        kode_unit: u.kode_unit,
        kode_opd: u.kode_opd,
        ikm: u.ikm,
        sampel_kecil: u.sampel_kecil,
        rankability: rho,
        diperingkat: r !== undefined,
        jumlah_diperingkat: show ? ranked.length : 0,
        peringkat: r?.rank ?? null,
        peringkat_median: r?.medianRank ?? null,
        peringkat_bawah: r?.lo ?? null,
        peringkat_atas: r?.hi ?? null,
        p_kuartil_bawah: r?.pBottomQuarter ?? null,
        kuartil_bawah: r ? r.bottomQuarter : null,
      });
    }
  }
  await writeTable(wh, table, IKM_PERINGKAT_COLUMNS, rows);
}
