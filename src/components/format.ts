// Indonesian formatting (id-ID): numbers 1.234,5; dates 27 Nov 2026 (WIB); period labels.
const ROMAWI = ["", "I", "II", "III", "IV"];
const BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

const nfCache = new Map<string, Intl.NumberFormat>();
function nf(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = nfCache.get(key);
  if (!f) nfCache.set(key, (f = new Intl.NumberFormat("id-ID", { minimumFractionDigits: min, maximumFractionDigits: max })));
  return f;
}

/** 1234.5 -> "1.234,5"; null -> "–". */
export function angka(v: number | null | undefined, digits = 2, minDigits = 0): string {
  return v == null || Number.isNaN(v) ? "–" : nf(minDigits, digits).format(v);
}

export function bulat(v: number | null | undefined): string {
  return angka(v, 0);
}

export function persen(v: number | null | undefined, digits = 1): string {
  return v == null ? "–" : `${angka(v, digits)}%`;
}

/** A signed difference: "+1,2" / "−0,5" / "0". */
export function selisih(v: number | null | undefined, digits = 2, suffix = ""): string {
  if (v == null) return "–";
  if (v === 0) return `0${suffix}`;
  return `${v > 0 ? "+" : "−"}${angka(Math.abs(v), digits)}${suffix}`;
}

/** A count of people: 1-4 arrive from the loaders as null and are shown as "< 5". */
export function jumlahOrang(v: number | null | undefined): string {
  return v == null ? "< 5" : bulat(v);
}

const df = new Intl.DateTimeFormat("id-ID", { day: "numeric", month: "short", year: "numeric", timeZone: "Asia/Jakarta" });
const dtf = new Intl.DateTimeFormat("id-ID", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Asia/Jakarta",
});

/** "2026-11-27T..." -> "27 Nov 2026". */
export function tanggal(iso: string | Date | null | undefined): string {
  if (!iso) return "–";
  return df.format(typeof iso === "string" ? new Date(iso) : iso);
}

/** "27 Nov 2026 18.52 WIB". */
export function waktu(iso: string | Date | null | undefined): string {
  if (!iso) return "–";
  return `${dtf.format(typeof iso === "string" ? new Date(iso) : iso).replace(",", "")} WIB`;
}

/** "2024" -> "Tahun 2024", "2024-S1" -> "Semester I 2024", "2024-Q3" -> "Triwulan III 2024", "2024-03" -> "Maret 2024". */
export function labelPeriode(p: string | null | undefined): string {
  if (!p) return "–";
  const y = p.slice(0, 4);
  let m: RegExpMatchArray | null;
  if (/^\d{4}$/.test(p)) return `Tahun ${y}`;
  if ((m = /^\d{4}-S([12])$/.exec(p))) return `Semester ${ROMAWI[Number(m[1])]} ${y}`;
  if ((m = /^\d{4}-Q([1-4])$/.exec(p))) return `Triwulan ${ROMAWI[Number(m[1])]} ${y}`;
  if ((m = /^\d{4}-(\d{2})$/.exec(p))) return `${BULAN[Number(m[1]) - 1]} ${y}`;
  return p;
}

/** Short label for chart axes: "TW III 2024", "S I 2024", "2024". */
export function labelPeriodePendek(p: string): string {
  let m: RegExpMatchArray | null;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(p))) return `TW${m[2]} ${m[1].slice(2)}`;
  if ((m = /^(\d{4})-S([12])$/.exec(p))) return `S${m[2]} ${m[1].slice(2)}`;
  return p;
}

export const STATUS_IKON: Record<string, string> = {
  tercapai: "✔",
  "hampir tercapai": "▲",
  "tidak tercapai": "✖",
  "belum lapor": "…",
  "tanpa target": "○",
};

export const SATUAN: Record<string, string> = { persen: "%", hari: "hari", nilai: "", orang: "orang" };
