// Rating distribution against the organisation's predikat (METHODS.md §6; DESIGN.md §5, the
// distribution rule of SE MenPANRB 3/2023, with the employee predikat of PermenPANRB 6/2022).
// Also a project convention for the organisation's predikat from its IKU capaian (PermenPANRB 8/2021
// capaian, capped at 120), pending the city's own rule.

export type PredikatOrganisasi = "Istimewa" | "Baik" | "Butuh Perbaikan" | "Kurang" | "Sangat Kurang";
export type PredikatPegawai = "Sangat Baik" | "Baik" | "Butuh Perbaikan" | "Kurang" | "Sangat Kurang";

export const PREDIKAT_PEGAWAI: readonly PredikatPegawai[] = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"];

export type CountsPerPredikat = Partial<Record<PredikatPegawai, number>>;

export interface Shares {
  total: number;
  sangatBaik: number;
  baik: number;
  butuhPerbaikan: number;
  kurang: number;
  sangatKurang: number;
  /** Butuh Perbaikan, Kurang and Sangat Kurang together (METHODS §6 "Butuh Perbaikan and below"). */
  butuhPerbaikanKeBawah: number;
}

export interface RuleCheck {
  /** Machine id, e.g. 'sangat_baik_maks_70'. */
  aturan: string;
  /** Indonesian statement of the rule. */
  uraian: string;
  /** The share the rule is about (0-1). */
  nilai: number;
  /** The bound (0-1); `kurang dari / lebih dari` per `arah`. */
  batas: number;
  arah: "maks" | "min" | "ada" | "nol";
  lolos: boolean;
}

export interface DistributionCheck {
  predikatOrganisasi: PredikatOrganisasi;
  shares: Shares;
  sesuai: boolean;
  aturan: RuleCheck[];
  gagal: RuleCheck[];
}

export function shares(counts: CountsPerPredikat): Shares {
  const c = (k: PredikatPegawai) => counts[k] ?? 0;
  const total = PREDIKAT_PEGAWAI.reduce((a, k) => a + c(k), 0);
  const f = (x: number) => (total > 0 ? x / total : 0);
  return {
    total,
    sangatBaik: f(c("Sangat Baik")),
    baik: f(c("Baik")),
    butuhPerbaikan: f(c("Butuh Perbaikan")),
    kurang: f(c("Kurang")),
    sangatKurang: f(c("Sangat Kurang")),
    butuhPerbaikanKeBawah: f(c("Butuh Perbaikan") + c("Kurang") + c("Sangat Kurang")),
  };
}

// Shares are compared with a small tolerance so 7/10 counts as exactly 70%.
const EPS = 1e-9;
const maks = (aturan: string, uraian: string, nilai: number, batas: number): RuleCheck => ({ aturan, uraian, nilai, batas, arah: "maks", lolos: nilai <= batas + EPS });
const min = (aturan: string, uraian: string, nilai: number, batas: number): RuleCheck => ({ aturan, uraian, nilai, batas, arah: "min", lolos: nilai >= batas - EPS });

/**
 * The SE MenPANRB 3/2023 rule as DESIGN §5 states it. Categories are exact (e.g. "at least 60% Kurang"
 * counts only Kurang), except the Baik rule's "some Butuh Perbaikan/Kurang", read as at least one
 * employee rated Butuh Perbaikan or below.
 */
export function checkDistribution(predikat: PredikatOrganisasi, counts: CountsPerPredikat): DistributionCheck {
  const s = shares(counts);
  const rules: RuleCheck[] = [];
  switch (predikat) {
    case "Istimewa":
      rules.push(maks("sangat_baik_maks_70", "paling banyak 70% pegawai Sangat Baik", s.sangatBaik, 0.7));
      break;
    case "Baik":
      rules.push(maks("baik_maks_70", "paling banyak 70% pegawai Baik", s.baik, 0.7));
      rules.push({
        aturan: "ada_butuh_perbaikan_ke_bawah",
        uraian: "ada pegawai Butuh Perbaikan atau Kurang",
        nilai: s.butuhPerbaikanKeBawah,
        batas: 0,
        arah: "ada",
        lolos: s.butuhPerbaikanKeBawah > 0,
      });
      break;
    case "Butuh Perbaikan":
      rules.push(min("butuh_perbaikan_min_60", "paling sedikit 60% pegawai Butuh Perbaikan", s.butuhPerbaikan, 0.6));
      rules.push(maks("sangat_baik_maks_10", "paling banyak 10% pegawai Sangat Baik", s.sangatBaik, 0.1));
      break;
    case "Kurang":
      rules.push(min("kurang_min_60", "paling sedikit 60% pegawai Kurang", s.kurang, 0.6));
      rules.push(min("butuh_perbaikan_min_10", "paling sedikit 10% pegawai Butuh Perbaikan", s.butuhPerbaikan, 0.1));
      rules.push(maks("sangat_baik_maks_10", "paling banyak 10% pegawai Sangat Baik", s.sangatBaik, 0.1));
      break;
    case "Sangat Kurang":
      rules.push(min("sangat_kurang_min_60", "paling sedikit 60% pegawai Sangat Kurang", s.sangatKurang, 0.6));
      rules.push(min("kurang_atau_butuh_perbaikan_min_10", "paling sedikit 10% pegawai Kurang dan/atau Butuh Perbaikan", s.kurang + s.butuhPerbaikan, 0.1));
      rules.push({ aturan: "tanpa_sangat_baik", uraian: "tidak ada pegawai Sangat Baik", nilai: s.sangatBaik, batas: 0, arah: "nol", lolos: s.sangatBaik === 0 });
      break;
  }
  if (s.total === 0) {
    // Nothing to check: report it as not complying with a single explicit reason.
    const none: RuleCheck = { aturan: "tanpa_data", uraian: "tidak ada predikat pegawai", nilai: 0, batas: 0, arah: "ada", lolos: false };
    return { predikatOrganisasi: predikat, shares: s, sesuai: false, aturan: [none], gagal: [none] };
  }
  const gagal = rules.filter((r) => !r.lolos);
  return { predikatOrganisasi: predikat, shares: s, sesuai: gagal.length === 0, aturan: rules, gagal };
}

/**
 * One Indonesian sentence listing the failed rules with the numbers (for perlu_perhatian.alasan).
 * With `sembunyikanKecil`, a share that stands for 1-4 people is written "kurang dari 5 orang" (counts
 * of people under 5 are never published, DESIGN §7).
 */
export function alasanDistribusi(check: DistributionCheck, opts: { sembunyikanKecil?: boolean } = {}): string | null {
  if (check.sesuai) return null;
  const total = check.shares.total;
  const pct = (x: number) => {
    const orang = Math.round(x * total);
    if (opts.sembunyikanKecil && orang > 0 && orang < 5) return "kurang dari 5 orang";
    return `${(x * 100).toFixed(1).replace(".", ",")}%`;
  };
  const parts = check.gagal.map((r) => `${r.uraian} (tercatat ${pct(r.nilai)})`);
  return `Predikat organisasi ${check.predikatOrganisasi} tetapi sebaran predikat ${total} pegawai tidak sesuai SE MenPANRB 3/2023: ${parts.join("; ")}.`;
}

export interface PredikatBand {
  /** Lower edge, inclusive, of mean capped capaian. */
  min: number;
  predikat: PredikatOrganisasi;
}

/**
 * PROJECT CONVENTION, pending the city's own rule: the organisation's predikat from the mean of its IKU
 * capaian (each capped at 120; "belum lapor" excluded, never 0). Bands aligned with the IKU status bands
 * of DESIGN §5 (≥ 100 tercapai, 90-<100 hampir tercapai, < 90 tidak tercapai):
 *   ≥ 110 Istimewa (targets exceeded on average by a clear margin)
 *   ≥ 100 Baik (targets met on average)
 *   ≥ 90  Butuh Perbaikan (nearly met)
 *   ≥ 75  Kurang
 *   < 75  Sangat Kurang
 * Configurable: pass other bands (sorted or not).
 */
export const PREDIKAT_ORGANISASI_BANDS: readonly PredikatBand[] = [
  { min: 110, predikat: "Istimewa" },
  { min: 100, predikat: "Baik" },
  { min: 90, predikat: "Butuh Perbaikan" },
  { min: 75, predikat: "Kurang" },
  { min: -Infinity, predikat: "Sangat Kurang" },
];

export const CAPAIAN_CAP = 120;

export function predikatOrganisasi(
  capaian: readonly (number | null | undefined)[],
  bands: readonly PredikatBand[] = PREDIKAT_ORGANISASI_BANDS,
): { predikat: PredikatOrganisasi; rataRata: number; jumlahIndikator: number } | null {
  const xs = capaian.filter((x): x is number => typeof x === "number" && Number.isFinite(x)).map((x) => Math.min(CAPAIAN_CAP, x));
  if (xs.length === 0) return null;
  const rataRata = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  const band = sorted.find((b) => rataRata >= b.min) ?? sorted[sorted.length - 1];
  return { predikat: band.predikat, rataRata, jumlahIndikator: xs.length };
}
