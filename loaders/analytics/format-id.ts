// Indonesian number formatting for sentences written into the marts (mart.perlu_perhatian.alasan,
// mart.predikat_kesesuaian.alasan): decimal comma, thousands dot, as id-ID.
const cache = new Map<number, Intl.NumberFormat>();

/** x with exactly `digits` decimals in id-ID (68.4 → "68,4"; 1234 → "1.234"). */
export function angkaId(x: number, digits = 1): string {
  let f = cache.get(digits);
  if (!f) {
    f = new Intl.NumberFormat("id-ID", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    cache.set(digits, f);
  }
  return f.format(x);
}

/** Share 0-1 as a percentage with one decimal: 0.123 → "12,3%". */
export function persenId(share: number, digits = 1): string {
  return `${angkaId(share * 100, digits)}%`;
}

const ROMAWI = ["", "I", "II", "III", "IV"];

/** "2025" → "tahun 2025", "2025-S1" → "Semester I 2025", "2025-Q3" → "Triwulan III 2025". */
export function labelPeriodeId(p: string): string {
  let m: RegExpExecArray | null;
  if (/^\d{4}$/.test(p)) return `tahun ${p}`;
  if ((m = /^(\d{4})-S([12])$/.exec(p))) return `Semester ${ROMAWI[Number(m[2])]} ${m[1]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(p))) return `Triwulan ${ROMAWI[Number(m[2])]} ${m[1]}`;
  return p;
}

/** Signed id-ID number: +1,2 / −3,4 / 0,0. */
export function selisihId(x: number, digits = 1): string {
  const s = angkaId(Math.abs(x), digits);
  return x > 0 && s !== angkaId(0, digits) ? `+${s}` : x < 0 && s !== angkaId(0, digits) ? `−${s}` : s;
}

/**
 * A value and a limit written with the fewest decimals (from `digits`, at most 3) that tell them
 * apart, so a sentence never says "72,3% di bawah batas 72,3%".
 */
export function pasangan(x: number, batas: number, format: (v: number, d: number) => string = angkaId, digits = 1): [string, string] {
  let d = digits;
  while (d < 3 && format(x, d) === format(batas, d)) d++;
  return [format(x, d), format(batas, d)];
}

/** A p-value for a sentence: "0,0123", or "< 0,0001". */
export function nilaiP(p: number): string {
  return p < 0.0001 ? "< 0,0001" : `= ${angkaId(p, 4)}`;
}
