// IKU realisations as e-SAKIP exports them: quarterly "s.d. triwulan" status plus an annual row.
import type { Indikator, Reference } from "./reference.ts";
import { makeRng } from "./rng.ts";
import { decimal, line } from "./csv.ts";
import { INFLATED_OPD } from "./skp.ts";
import type { PlantedRow } from "./skm.ts";

export const IKU_HEADER = "Tahun;Triwulan;Kode OPD;Kode Indikator;Target;Realisasi";
export const IKU_YEARS = [2021, 2022, 2023, 2024, 2025];
export const ikuPath = (year: number) => `iku/iku_${year}.csv`;

/** Stories: performance multipliers m (1 = on target) by OPD and year index 0..4. */
export const IKU_STORY = {
  improving: ["DPMPTSP", "DISDUKCAPIL", "DINSOS"],
  slipping: ["DISHUB"],
  /** Puskesmas-related indicator slipping in 2024-2025. */
  slippingIndicator: "DINKES-04",
  poor: INFLATED_OPD,
};
export const IKU_MISSING_RATE = 0.03;
export const IKU_BAD = { year: 2024, notNumeric: "N/A", unknownSuffix: "-09" };

type Kind = "kumulatif" | "tahunan" | "status";
function kind(i: Indikator): Kind {
  if (["kasus", "ribu kunjungan", "ton", "miliar rupiah"].includes(i.satuan)) return "kumulatif";
  if (["BPKD-01", "DPMD-02", "BAPENDA-01"].includes(i.kode_indikator)) return "kumulatif";
  if (i.satuan !== "persen" && !["hari", "jam", "menit"].includes(i.satuan)) return "tahunan";
  if (i.sumber.startsWith("BPS")) return "tahunan";
  return "status";
}
const SEASON: Record<Kind, { naik: number[]; turun: number[] }> = {
  kumulatif: { naik: [0.2, 0.45, 0.7, 1], turun: [0.2, 0.45, 0.7, 1] },
  tahunan: { naik: [0.97, 0.98, 0.99, 1], turun: [1.03, 1.02, 1.01, 1] },
  status: { naik: [0.82, 0.9, 0.96, 1], turun: [1.12, 1.07, 1.03, 1] },
};

function multiplier(i: Indikator, y: number): number {
  if (IKU_STORY.poor.includes(i.kode_opd)) return 0.8 - (IKU_STORY.slipping.includes(i.kode_opd) ? 0.03 * y : 0);
  if (IKU_STORY.improving.includes(i.kode_opd)) return 0.93 + 0.04 * y;
  if (IKU_STORY.slipping.includes(i.kode_opd)) return 1.0 - 0.04 * y;
  if (i.kode_indikator === IKU_STORY.slippingIndicator && y >= 3) return 1.0 - 0.06 * (y - 2);
  return 1;
}

interface Row {
  tahun: number;
  triwulan: number | null;
  kode_opd: string;
  kode_indikator: string;
  target: string;
  realisasi: string;
}

function ikuRows(ref: Reference, year: number, seed: number): Row[] {
  const y = year - IKU_YEARS[0];
  const targets = new Map(ref.target.filter((t) => t.tahun === year).map((t) => [t.kode_indikator, t]));
  const rows: Row[] = [];
  const opdOrder = new Map(ref.opd.map((o, i) => [o.kode_opd, i]));
  const indikator = [...ref.indikator].sort(
    (a, b) => (opdOrder.get(a.kode_opd) ?? 999) - (opdOrder.get(b.kode_opd) ?? 999) || (a.kode_indikator < b.kode_indikator ? -1 : 1),
  );
  const targetBlank = new Map<string, boolean>();
  for (const ind of indikator) {
    const t = targets.get(ind.kode_indikator);
    if (!t) continue;
    const rng = makeRng(seed, `iku|${year}|${ind.kode_indikator}`);
    const persistent = makeRng(seed, `iku-persistent|${ind.kode_indikator}`).normal(0, 0.035);
    if (!targetBlank.has(ind.kode_opd)) targetBlank.set(ind.kode_opd, makeRng(seed, `iku-target|${year}|${ind.kode_opd}`).chance(1 / 3));
    const m = multiplier(ind, y) * (1 + persistent + rng.normal(0, 0.03));
    let annual: number;
    if (ind.polaritas === "rentang") {
      const lo = t.target, hi = t.target_atas ?? t.target;
      const mid = (lo + hi) / 2, half = (hi - lo) / 2 || Math.abs(lo) * 0.05;
      annual = mid + half * rng.normal(0, 0.8) - (1 - multiplier(ind, y)) * mid;
    } else if (ind.polaritas === "naik") annual = t.target * m;
    else annual = t.target * (2 - m);
    if (ind.satuan === "persen") annual = Math.min(100, annual);
    annual = Math.max(0, annual);
    const season = SEASON[kind(ind)][ind.polaritas === "turun" ? "turun" : "naik"];
    const targetText = targetBlank.get(ind.kode_opd)
      ? ""
      : ind.polaritas === "rentang"
        ? `${decimal(t.target, true)}-${decimal(t.target_atas ?? t.target, true)}`
        : decimal(t.target, true);
    for (let q = 1; q <= 4; q++) {
      let v = q === 4 ? annual : annual * season[q - 1] * (1 + rng.normal(0, 0.02));
      if (ind.satuan === "persen") v = Math.min(100, v);
      const missing = rng.chance(IKU_MISSING_RATE);
      rows.push({ tahun: year, triwulan: q, kode_opd: ind.kode_opd, kode_indikator: ind.kode_indikator, target: targetText, realisasi: missing ? "" : decimal(v, true) });
    }
    // The annual figure is occasionally corrected after verification.
    const final = rng.chance(0.1) ? annual * (1 + rng.normal(0, 0.01)) : annual;
    rows.push({ tahun: year, triwulan: null, kode_opd: ind.kode_opd, kode_indikator: ind.kode_indikator, target: targetText, realisasi: decimal(ind.satuan === "persen" ? Math.min(100, final) : final, true) });
  }
  return rows;
}

/** An indicator code that looks right for the OPD but is not in the catalogue. */
function unknownKode(ref: Reference, kodeOpd: string): string {
  const known = new Set(ref.indikator.map((i) => i.kode_indikator));
  let k = `${kodeOpd}${IKU_BAD.unknownSuffix}`;
  while (known.has(k)) k += "X";
  return k;
}

export function ikuPlanted(ref: Reference, seed: number): PlantedRow[] {
  const rows = ikuRows(ref, IKU_BAD.year, seed);
  const file = ikuPath(IKU_BAD.year);
  const quarterly = rows.map((r, i) => ({ r, i })).filter((x) => x.r.triwulan !== null && x.r.realisasi !== "");
  const a = quarterly[Math.floor(quarterly.length * 0.4)];
  const b = quarterly[Math.floor(quarterly.length * 0.7)];
  return [
    { file, row: a.i + 1, column: "Realisasi", value: IKU_BAD.notNumeric, note: "realisasi bukan angka" },
    { file, row: b.i + 1, column: "Kode Indikator", value: unknownKode(ref, b.r.kode_opd), note: "kode indikator tidak ada di indikator.csv" },
  ];
}

export function ikuRowCount(ref: Reference, year: number) {
  const has = new Set(ref.target.filter((t) => t.tahun === year).map((t) => t.kode_indikator));
  return ref.indikator.filter((i) => has.has(i.kode_indikator)).length * 5;
}

export function* ikuChunks(ref: Reference, year: number, seed: number): Generator<string> {
  const rows = ikuRows(ref, year, seed);
  if (year === IKU_BAD.year) {
    for (const p of ikuPlanted(ref, seed)) {
      const r = rows[p.row - 1];
      if (p.column === "Realisasi") r.realisasi = p.value;
      else r.kode_indikator = p.value;
    }
  }
  let out = IKU_HEADER + "\n";
  for (const r of rows) {
    out += line([String(r.tahun), r.triwulan === null ? "" : String(r.triwulan), r.kode_opd, r.kode_indikator, r.target, r.realisasi], ";");
  }
  yield out;
}
