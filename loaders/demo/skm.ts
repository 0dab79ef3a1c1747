// Survei Kepuasan Masyarakat (SKM) responses and service volumes, per METHODS.md §7.
import type { Reference, UnitLayanan } from "./reference.ts";
import { makeRng, type Rng } from "./rng.ts";
import { dmy, krejcieMorgan, line } from "./csv.ts";

export const SKM_HEADER =
  "Tanggal,Kode Unit,Jenis Layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9,Jenis Kelamin,Umur,Pendidikan,Pekerjaan,Saran";
/** 2021 questionnaire: full unsur names, Sarana dan Prasarana before Penanganan Pengaduan. */
export const SKM_HEADER_2021 =
  "Tanggal,Kode Unit,Jenis Layanan,Persyaratan,Sistem Mekanisme dan Prosedur,Waktu Penyelesaian,Biaya/Tarif," +
  "Produk Spesifikasi Jenis Pelayanan,Kompetensi Pelaksana,Perilaku Pelaksana,Sarana dan Prasarana," +
  "Penanganan Pengaduan Saran dan Masukan,Jenis Kelamin,Umur,Pendidikan,Pekerjaan,Saran";
export const VOLUME_HEADER = "periode,kode_unit,jumlah_layanan";

/** METHODS.md §7: thresholds c and item offsets a (regulation order U1..U9). */
export const THRESHOLDS = [-2.4, -1.4, 0.6] as const;
export const ITEM_OFFSETS = [0.3, 0.2, 0.1, 0, 0, -0.1, -0.1, -0.2, -0.2] as const;
export const ETA_SD = 0.7;
export const MISSING_RATE = 0.02;
/** Respondents per unit and semester at scale 1. */
export const MIN_RESPONDENTS = 8;
export const MAX_RESPONDENTS = 230;

export interface Semester {
  year: number;
  s: 1 | 2;
  /** 0 = 2021-S1 ... 9 = 2025-S2 */
  t: number;
  periode: string;
}
export const FIRST_YEAR = 2021;
export const LAST_YEAR = 2025;
export const SEMESTERS: Semester[] = [];
for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
  for (const s of [1, 2] as const) SEMESTERS.push({ year, s, t: SEMESTERS.length, periode: `${year}-S${s}` });
}

/**
 * One respondent's nine answers (regulation order), 1-4, or null when not answered:
 * x = 1 + Σ_t 1[b + a_item + η + ε > c_t], η ~ N(0, 0.7²), ε ~ N(0, 1).
 */
export function drawAnswers(rng: Rng, b: number, missingRate = MISSING_RATE): (number | null)[] {
  const eta = rng.normal(0, ETA_SD);
  const out: (number | null)[] = [];
  for (let i = 0; i < 9; i++) {
    const latent = b + ITEM_OFFSETS[i] + eta + rng.normal();
    let x = 1;
    for (const c of THRESHOLDS) if (latent > c) x++;
    out.push(missingRate > 0 && rng.chance(missingRate) ? null : x);
  }
  return out;
}

interface UnitProfile {
  volume: [number, number];
  layanan: string[];
}
function profile(u: UnitLayanan): UnitProfile {
  const k = u.kode_unit;
  if (k.startsWith("PKM-")) return { volume: [5000, 12000], layanan: ["Pemeriksaan Umum", "Kesehatan Ibu dan Anak", "Kesehatan Gigi dan Mulut", "Laboratorium", "Imunisasi", "Farmasi"] };
  if (k === "LABKESDA") return { volume: [700, 1500], layanan: ["Pemeriksaan Laboratorium Klinik", "Uji Kualitas Air"] };
  if (k === "DUKCAPIL") return { volume: [9000, 16000], layanan: ["KTP-el", "Kartu Keluarga", "Akta Kelahiran", "Akta Kematian", "Kartu Identitas Anak", "Pindah Datang"] };
  if (k.startsWith("DUKCAPIL-")) return { volume: [1500, 4000], layanan: ["KTP-el", "Kartu Keluarga", "Akta Kelahiran", "Kartu Identitas Anak"] };
  if (k === "MPP") return { volume: [12000, 19000], layanan: ["Perizinan Berusaha", "Persetujuan Bangunan Gedung", "Layanan BPJS Kesehatan", "Layanan Samsat", "Layanan Paspor", "Layanan Adminduk"] };
  if (k === "DPMPTSP-IZIN") return { volume: [1500, 3000], layanan: ["Izin Usaha", "Persetujuan Bangunan Gedung", "Izin Praktik Tenaga Kesehatan", "Surat Izin Usaha Perdagangan"] };
  if (k.startsWith("KEC-")) return { volume: [600, 1500], layanan: ["Surat Keterangan", "Rekomendasi", "Legalisasi Dokumen", "Layanan Adminduk"] };
  if (k === "PERPUS") return { volume: [5000, 11000], layanan: ["Peminjaman Buku", "Ruang Baca", "Perpustakaan Keliling", "Layanan Internet"] };
  if (k === "ARSIP") return { volume: [100, 300], layanan: ["Peminjaman Arsip", "Konsultasi Kearsipan"] };
  if (k === "DIKBUD-LEGALISIR") return { volume: [300, 700], layanan: ["Legalisir Ijazah", "Surat Keterangan Pengganti Ijazah"] };
  if (k === "DIKBUD-PPDB") return { volume: [1500, 3000], layanan: ["Pendaftaran PPDB", "Verifikasi Berkas", "Pengaduan PPDB"] };
  if (k === "DLH-SAMPAH") return { volume: [3000, 6000], layanan: ["Pembayaran Retribusi Sampah", "Pengangkutan Sampah", "Pengaduan Lingkungan"] };
  if (k === "BAPENDA-PBB") return { volume: [4000, 9000], layanan: ["Pembayaran PBB-P2", "Pendaftaran Objek Pajak", "Validasi BPHTB", "Keberatan Pajak"] };
  if (k === "DINSOS-LOKET") return { volume: [800, 2000], layanan: ["Surat Keterangan Tidak Mampu", "Usulan DTKS", "Bantuan Sosial", "Rekomendasi PBI JK"] };
  if (k === "DISHUB-PKB") return { volume: [1500, 2500], layanan: ["Uji Berkala Kendaraan", "Penerbitan Kartu Uji"] };
  if (k === "UPTD-PPA") return { volume: [100, 200], layanan: ["Pengaduan Kekerasan", "Pendampingan Korban", "Konseling"] };
  if (k === "METROLOGI") return { volume: [400, 900], layanan: ["Tera Ulang Timbangan", "Tera UTTP"] };
  if (k === "PASAR-PARIAMAN") return { volume: [2000, 5000], layanan: ["Retribusi Pasar", "Sewa Kios", "Kebersihan Pasar"] };
  if (k === "DPUPR-LAB") return { volume: [100, 250], layanan: ["Uji Beton", "Uji Aspal", "Uji Tanah"] };
  if (k === "DAMKAR") return { volume: [100, 300], layanan: ["Pemadaman Kebakaran", "Penyelamatan", "Sosialisasi Pencegahan"] };
  if (k === "PUSKESWAN") return { volume: [300, 800], layanan: ["Pemeriksaan Hewan", "Vaksinasi Rabies", "Inseminasi Buatan"] };
  if (k === "BPP") return { volume: [300, 700], layanan: ["Penyuluhan Pertanian", "Rekomendasi Pupuk Bersubsidi"] };
  if (k === "TIC-GANDORIAH") return { volume: [2000, 8000], layanan: ["Informasi Wisata", "Pemanduan Wisata"] };
  if (k === "BKPSDM-YAN") return { volume: [800, 1500], layanan: ["Kenaikan Pangkat", "Pensiun", "Cuti", "Mutasi"] };
  if (k === "PPID") return { volume: [100, 250], layanan: ["Permohonan Informasi Publik", "Keberatan Informasi"] };
  return { volume: [500, 3000], layanan: ["Pelayanan Umum"] };
}

/** The stories the demo tells (documented in data/sample/README.md). */
export const SKM_STORY = {
  improving: ["MPP", "DPMPTSP-IZIN"],
  slipping: ["PKM-SIKAPAK", "PKM-AIRSANTOK"],
  sharpDrop: "DUKCAPIL-PU",
} as const;

export interface UnitPlan {
  unit: UnitLayanan;
  layanan: string[];
  /** Per semester (index t). */
  volume: number[];
  respondents: number[];
  b: number[];
}

export function planUnits(ref: Reference, seed: number, scale: number): UnitPlan[] {
  // Survey effort: each unit's typical respondent count, log-spread from MIN to MAX over the units
  // (evenly spaced quantiles in a seeded order), so several units fall below the Krejcie-Morgan minimum.
  const order = ref.unit.map((_, i) => i);
  const shuffle = makeRng(seed, "skm-effort");
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const effort = new Array<number>(ref.unit.length);
  order.forEach((u, rank) => {
    const q = (rank + 0.5) / order.length;
    effort[u] = Math.exp(Math.log(MIN_RESPONDENTS) + q * Math.log(MAX_RESPONDENTS / MIN_RESPONDENTS));
  });
  return ref.unit.map((unit, ui) => {
    const rng = makeRng(seed, `skm-plan|${unit.kode_unit}`);
    const p = profile(unit);
    const baseVolume = p.volume[0] + rng() * (p.volume[1] - p.volume[0]);
    let typical = effort[ui];
    // Small units can reach their minimum sample, and most of them do.
    if (krejcieMorgan(baseVolume) <= 200 && rng.chance(0.6)) typical = Math.max(typical, krejcieMorgan(baseVolume) * (1.02 + 0.15 * rng()));
    if (unit.kode_unit === "MPP" || unit.kode_unit === SKM_STORY.sharpDrop) typical = Math.max(typical, 200);
    const story = SKM_STORY as { improving: readonly string[]; slipping: readonly string[] };
    let b = rng.normal(0, 0.22);
    if (story.improving.includes(unit.kode_unit)) b = -0.35;
    const volume: number[] = [];
    const respondents: number[] = [];
    const bs: number[] = [];
    let walk = 0;
    for (const sem of SEMESTERS) {
      const growth = (sem.year === 2021 ? 0.85 : 1) * Math.pow(1.04, sem.year - FIRST_YEAR);
      let v = baseVolume * growth * (1 + rng.normal(0, 0.08));
      if (unit.kode_unit === "DIKBUD-PPDB") v *= sem.s === 1 ? 1.8 : 0.2;
      v = Math.min(20000, Math.max(100, Math.round(v)));
      volume.push(v);
      // Never more respondents than people served.
      const n = Math.min(Math.round(typical * Math.exp(rng.normal(0, 0.12))), Math.floor(0.9 * v));
      respondents.push(Math.max(1, Math.round(Math.min(MAX_RESPONDENTS, Math.max(MIN_RESPONDENTS, n)) * scale)));
      walk += rng.normal(0, 0.04);
      let bt = b + walk + 0.015 * sem.t;
      if (story.improving.includes(unit.kode_unit)) bt += 0.09 * sem.t;
      if (story.slipping.includes(unit.kode_unit) && sem.t >= 6) bt -= 0.13 * (sem.t - 5);
      if (unit.kode_unit === SKM_STORY.sharpDrop && sem.t === SEMESTERS.length - 1) bt -= 1.0;
      bs.push(bt);
    }
    return { unit, layanan: p.layanan, volume, respondents, b: bs };
  });
}

/** Rows planted to exercise quarantine (see data/sample/README.md). */
export const SKM_BAD = {
  file: "skm/skm_2023_s1.csv",
  outOfRange: [0.23, 0.51, 0.77] as const,
  unknownUnit: 0.9,
  unknownKode: "PKM-KAMPUNGBARU",
};
export interface PlantedRow {
  file: string;
  /** 1-based data row (the header is not counted); the file line is row + 1. */
  row: number;
  column: string;
  value: string;
  note: string;
}

export function skmPath(sem: Semester) {
  return `skm/skm_${sem.year}_s${sem.s}.csv`;
}
export function skmRowCount(plans: UnitPlan[], sem: Semester) {
  return plans.reduce((n, p) => n + p.respondents[sem.t], 0);
}

export function skmPlanted(plans: UnitPlan[]): PlantedRow[] {
  const sem = SEMESTERS.find((s) => skmPath(s) === SKM_BAD.file);
  if (!sem) return [];
  const n = skmRowCount(plans, sem);
  const cols = ["U3", "U6", "U9"];
  const out: PlantedRow[] = SKM_BAD.outOfRange.map((f, i) => ({
    file: SKM_BAD.file, row: Math.max(1, Math.floor(n * f)), column: cols[i], value: "5", note: "jawaban di luar skala 1-4",
  }));
  out.push({ file: SKM_BAD.file, row: Math.max(1, Math.floor(n * SKM_BAD.unknownUnit)), column: "Kode Unit", value: SKM_BAD.unknownKode, note: "kode unit tidak ada di unit_layanan.csv" });
  return out;
}

const PENDIDIKAN = ["SD", "SMP", "SMA", "D3", "S1", "S2"];
const PENDIDIKAN_W = [8, 12, 45, 10, 22, 3];
const PEKERJAAN = ["PNS", "TNI/Polri", "Swasta", "Wirausaha", "Pelajar/Mahasiswa", "Lainnya"];
const PEKERJAAN_W = [12, 3, 25, 25, 10, 25];
const SARAN = [
  "Pelayanan sudah baik",
  "Terima kasih, petugas ramah",
  "Antrian terlalu lama, mohon ditambah petugas",
  "Ruang tunggu panas, tolong tambah kipas angin",
  "Mohon informasi persyaratan dipasang lebih jelas",
  "Parkir sempit",
  "Pertahankan",
  "Jam pelayanan dibuka tepat waktu",
  "Sistem sering offline, jadi harus datang dua kali",
  "Toilet kurang bersih",
  "Petugas cepat dan cekatan, mantap",
  "Perlu layanan online supaya tidak antri",
  "Kursi tunggu kurang",
  "Sudah bagus",
];

function semesterDays(sem: Semester, holidays: ReadonlySet<string>): number[] {
  const days: number[] = [];
  const start = Date.UTC(sem.year, sem.s === 1 ? 0 : 6, 1);
  const end = Date.UTC(sem.s === 1 ? sem.year : sem.year + 1, sem.s === 1 ? 6 : 0, 1);
  for (let d = start; d < end; d += 86400000) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6 && !holidays.has(new Date(d).toISOString().slice(0, 10))) days.push(d);
  }
  return days;
}

/** The rows of one semester's file, one chunk per unit (lazy: nothing is drawn until iterated). */
export function* skmChunks(plans: UnitPlan[], sem: Semester, seed: number, holidays: ReadonlySet<string> = new Set()): Generator<string> {
  const legacy = sem.year === 2021;
  yield (legacy ? SKM_HEADER_2021 : SKM_HEADER) + "\n";
  const planted = new Map<number, PlantedRow>();
  if (skmPath(sem) === SKM_BAD.file) for (const p of skmPlanted(plans)) planted.set(p.row, p);
  const days = semesterDays(sem, holidays);
  let row = 0;
  for (const plan of plans) {
    const rng = makeRng(seed, `skm|${sem.periode}|${plan.unit.kode_unit}`);
    const n = plan.respondents[sem.t];
    const dates: number[] = [];
    for (let i = 0; i < n; i++) dates.push(days[Math.floor(rng() * days.length)]);
    dates.sort((a, b) => a - b);
    let chunk = "";
    for (let i = 0; i < n; i++) {
      row++;
      const answers = drawAnswers(rng, plan.b[sem.t]).map((x) => (x === null ? "" : String(x)));
      const sex = rng.chance(0.52) ? "P" : "L";
      const age = Math.round(Math.min(80, Math.max(17, rng.normal(40, 13))));
      const pend = rng.weighted(PENDIDIKAN, PENDIDIKAN_W);
      let kerja = rng.weighted(PEKERJAAN, PEKERJAAN_W);
      if (age < 24 && rng.chance(0.6)) kerja = "Pelajar/Mahasiswa";
      const saran = rng.chance(0.12) ? rng.pick(SARAN) : "";
      let kode = plan.unit.kode_unit;
      const bad = planted.get(row);
      if (bad) {
        if (bad.column === "Kode Unit") kode = bad.value;
        else answers[Number(bad.column.slice(1)) - 1] = bad.value;
      }
      // Regulation order U1..U9; the 2021 questionnaire puts U9 (sarana) before U8 (pengaduan).
      const ordered = legacy ? [...answers.slice(0, 7), answers[8], answers[7]] : answers;
      chunk += line(
        [dmy(new Date(dates[i])), kode, rng.pick(plan.layanan), ...ordered, sex, String(age), pend, kerja, saran],
        ",",
      );
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk) yield chunk;
  }
}

export function volumePath(year: number) {
  return `layanan/volume_${year}.csv`;
}

export function* volumeChunks(plans: UnitPlan[], year: number): Generator<string> {
  let out = VOLUME_HEADER + "\n";
  for (const sem of SEMESTERS.filter((s) => s.year === year)) {
    for (const p of plans) out += line([sem.periode, p.unit.kode_unit, String(p.volume[sem.t])], ",");
  }
  yield out;
}
