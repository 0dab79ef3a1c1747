// Period strings of the marts: 2024 | 2024-S1 | 2024-Q3 | 2024-03. Ordering and "previous period"
// (same kind, one step back) for the loaders; labels live in src/components/format.ts.
export type Jenis = "tahun" | "semester" | "triwulan" | "bulan";

export function jenisPeriode(p: string): Jenis | null {
  if (/^\d{4}$/.test(p)) return "tahun";
  if (/^\d{4}-S[12]$/.test(p)) return "semester";
  if (/^\d{4}-Q[1-4]$/.test(p)) return "triwulan";
  if (/^\d{4}-\d{2}$/.test(p)) return "bulan";
  return null;
}

export function periodeSebelum(p: string): string | null {
  const y = Number(p.slice(0, 4));
  switch (jenisPeriode(p)) {
    case "tahun":
      return String(y - 1);
    case "semester":
      return p.endsWith("S2") ? `${y}-S1` : `${y - 1}-S2`;
    case "triwulan": {
      const q = Number(p.slice(6));
      return q > 1 ? `${y}-Q${q - 1}` : `${y - 1}-Q4`;
    }
    case "bulan": {
      const m = Number(p.slice(5));
      return m > 1 ? `${y}-${String(m - 1).padStart(2, "0")}` : `${y - 1}-12`;
    }
    default:
      return null;
  }
}

/** The semester a quarter falls in (the IKM of a quarter is that of its semester). */
export function semesterDari(p: string): string | null {
  if (jenisPeriode(p) === "triwulan") return `${p.slice(0, 4)}-S${Number(p.slice(6)) <= 2 ? 1 : 2}`;
  if (jenisPeriode(p) === "tahun") return p;
  return null;
}

/** Chronological order; a year sorts after its own quarters/semesters (it closes them). */
export function urutPeriode(a: string, b: string): number {
  const key = (p: string) => `${p.slice(0, 4)}-${p.length === 4 ? "Z" : p.slice(5)}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
