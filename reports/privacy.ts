// Counts of people in public packs: 1-4 are withheld, and when a distribution has exactly one
// withheld cell the next smallest non-zero one is withheld too (else the total gives it away).
import { DISEMBUNYIKAN } from "./pack.ts";

export function jumlahOrang(n: number | null | undefined): number | string | null {
  if (n == null) return null;
  return n > 0 && n < 5 ? DISEMBUNYIKAN : n;
}

/** Suppress the count columns `keys` of one row (a distribution that sums to a published total). */
export function sebaranOrang<T extends Record<string, unknown>>(row: T, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...row };
  for (const k of keys) out[k] = jumlahOrang(row[k] as number | null);
  const hidden = keys.filter((k) => out[k] === DISEMBUNYIKAN);
  if (hidden.length === 1) {
    const next = keys
      .filter((k) => typeof out[k] === "number" && (out[k] as number) > 0)
      .sort((a, b) => (row[a] as number) - (row[b] as number))[0];
    if (next) out[next] = DISEMBUNYIKAN;
  }
  return out as T;
}
