// Complaints as SP4N-LAPOR! exports them: one file per year, `,` delimiter, RFC 4180 quoting (the
// free-text Isi Laporan has commas), ISO dates, status as of the export date (end of 2025).
import type { Reference } from "./reference.ts";
import { makeRng, type Rng } from "./rng.ts";
import { line } from "./csv.ts";
import type { PlantedRow } from "./skm.ts";
import { addWorkdays, DAY_MS, iso, isWorkday, utc } from "./workdays.ts";

export const LAPOR_HEADER = "No Tiket,Tanggal Laporan,Kode Instansi,Klasifikasi,Tanggal Tindak Lanjut,Tanggal Selesai,Status,Nama Pelapor,Isi Laporan,Kecamatan";
export const LAPOR_YEARS = [2021, 2022, 2023, 2024, 2025];
export const laporPath = (year: number) => `pengaduan/lapor_${year}.csv`;
export const LAPOR_CUTOFF = "2025-12-31";

type Klas = "informasi" | "sederhana" | "investigasi" | "lapangan";
const KLAS: Klas[] = ["informasi", "sederhana", "investigasi", "lapangan"];
const KLAS_WEIGHT = [0.25, 0.5, 0.18, 0.07];
const KLAS_LABEL: Record<Klas, string> = {
  informasi: "Permintaan Informasi",
  sederhana: "Pengaduan Sederhana",
  investigasi: "Pengaduan Investigasi",
  lapangan: "Pemeriksaan Lapangan",
};
/** Completion standards in working days (DESIGN §5). */
const BATAS: Record<Klas, number> = { informasi: 5, sederhana: 5, investigasi: 14, lapangan: 60 };

/** The story: DPUPR answers slowly (median ~5 working days to a first response), worse in 2024-2025. */
export const LAPOR_STORY = { slow: "DPUPR", slowMedian: 5, usualMedian: 1.3, archived: 0.03, stuck: 0.01 };

/** Relative complaint volume per OPD (unknown: 2). */
const WEIGHT: Record<string, number> = {
  DPUPR: 30, DLH: 22, DISDUKCAPIL: 16, DINKES: 14, DISDIKBUD: 14, DISHUB: 12, SATPOLPP: 10, DPMPTSP: 8, DISPERKIM: 8,
  DINSOS: 8, BAPENDA: 5, DISKOMINFO: 4, DISKOPERINDAG: 5, DISPARPORA: 4, BKPSDM: 3, SETDA: 3,
};
const PER_YEAR = 1000;

const TOPIC: Record<string, string[]> = {
  DPUPR: ["jalan berlubang di depan rumah, sudah lama tidak diperbaiki", "drainase tersumbat, air meluap ke jalan saat hujan", "lampu jalan mati, gelap dan rawan"],
  DLH: ["sampah menumpuk di TPS, bau dan banyak lalat", "truk sampah tidak datang seminggu, mohon ditindaklanjuti"],
  DISDUKCAPIL: ["KTP-el belum jadi, sudah dua bulan menunggu", "antrean panjang, sistem sering offline"],
  DINKES: ["pelayanan puskesmas lambat, antrean lama", "obat kosong di apotek puskesmas"],
  DISDIKBUD: ["pungutan di sekolah, mohon penjelasan", "zonasi PPDB tidak sesuai, anak tidak diterima"],
};
const GENERIC = ["mohon informasi prosedur dan persyaratan, terima kasih", "petugas tidak ramah, mohon dibina", "layanan lambat, tidak ada kepastian waktu"];
const PELAPOR = ["Anonim", "Rahmat", "Yeni", "Hendri", "Fitri", "Zulkifli", "Novita", "Andri", "Desi", "Rizky"];
const FAMILY = ["Chaniago", "Piliang", "Tanjung", "Sikumbang", "Koto", "Jambak"];

export const LAPOR_BAD = {
  unknownOpd: { year: 2022, at: 0.3, value: "DISNAKER" },
  selesaiBeforeMasuk: { year: 2024, at: 0.55 },
};

export interface LaporRow {
  tiket: string;
  masuk: Date;
  opd: string;
  klas: Klas;
  tanggapan: Date | null;
  selesai: Date | null;
  status: "Selesai" | "Proses" | "Diarsipkan";
  pelapor: string;
  isi: string;
  kecamatan: string;
}

export interface LaporPlan {
  opd: string[];
  weights: number[];
  kecamatan: string[];
  holidays: Set<string>;
  seed: number;
  scale: number;
}
export function planLapor(ref: Reference, seed: number, scale: number): LaporPlan {
  const opd = ref.opd.map((o) => o.kode_opd);
  return { opd, weights: opd.map((k) => WEIGHT[k] ?? 2), kecamatan: ref.kecamatan ?? [], holidays: new Set(ref.libur ?? []), seed, scale };
}

/** The first working day on or after d (a report on Saturday is handled from Monday). */
function nextWorkday(d: Date, holidays: Set<string>): Date {
  let t = d.getTime();
  while (!isWorkday(new Date(t), holidays)) t += DAY_MS;
  return new Date(t);
}

function draw(rng: Rng, median: number, sigma: number) {
  return Math.max(0, Math.round(median * Math.exp(rng.normal(0, sigma)) - 0.5));
}

function laporRowsOf(plan: LaporPlan, year: number): LaporRow[] {
  const rng = makeRng(plan.seed, `lapor|${year}`);
  const cutoff = utc(LAPOR_CUTOFF).getTime();
  const n = Math.round(PER_YEAR * (1 + 0.1 * (year - LAPOR_YEARS[0])) * plan.scale * (1 + rng.normal(0, 0.04)));
  const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS;
  const masuk = Array.from({ length: n }, () => {
    // Online reports come every day, fewer at weekends.
    for (;;) {
      const d = new Date(Date.UTC(year, 0, 1) + Math.floor(rng() * days) * DAY_MS);
      if (isWorkday(d, plan.holidays) || rng.chance(0.35)) return d;
    }
  }).sort((a, b) => a.getTime() - b.getTime());
  return masuk.map((m, i) => {
    const opd = rng.weighted(plan.opd, plan.weights);
    const klas = rng.weighted(KLAS, KLAS_WEIGHT);
    const slow = opd === LAPOR_STORY.slow;
    const start = nextWorkday(m, plan.holidays);
    const respMedian = slow ? LAPOR_STORY.slowMedian + (year >= 2024 ? 1.5 : 0) : LAPOR_STORY.usualMedian;
    const hResp = draw(rng, respMedian, 0.6);
    const hDone = Math.max(hResp, draw(rng, BATAS[klas] * (slow ? 1.25 : 0.6), 0.5));
    let tanggapan: Date | null = addWorkdays(start, hResp, plan.holidays);
    let selesai: Date | null = addWorkdays(start, hDone, plan.holidays);
    let status: LaporRow["status"] = "Selesai";
    if (rng.chance(LAPOR_STORY.archived)) {
      status = "Diarsipkan";
      selesai = null;
    } else if (selesai.getTime() > cutoff || (year === 2025 && rng.chance(slow ? 0.08 : LAPOR_STORY.stuck))) {
      status = "Proses";
      selesai = null;
    }
    if (tanggapan.getTime() > cutoff) tanggapan = null;
    const topics = TOPIC[opd] ?? GENERIC;
    const isi = rng.pick(topics);
    const pelapor = rng.chance(0.3) ? "Anonim" : `${rng.pick(PELAPOR.slice(1))} ${rng.pick(FAMILY)}`;
    return {
      tiket: String(3_000_000 + (year - 2000) * 20_000 + i + 1),
      masuk: m,
      opd,
      klas,
      tanggapan,
      selesai,
      status,
      pelapor,
      isi,
      kecamatan: rng.chance(0.15) ? "" : rng.pick(plan.kecamatan),
    };
  });
}

export function laporPlanted(plan: LaporPlan): PlantedRow[] {
  if (plan.opd.length === 0) return [];
  const a = laporRowsOf(plan, LAPOR_BAD.unknownOpd.year);
  const b = laporRowsOf(plan, LAPOR_BAD.selesaiBeforeMasuk.year);
  let j = Math.floor(b.length * LAPOR_BAD.selesaiBeforeMasuk.at);
  while (b[j].status !== "Selesai") j++;
  return [
    {
      file: laporPath(LAPOR_BAD.unknownOpd.year),
      row: Math.floor(a.length * LAPOR_BAD.unknownOpd.at) + 1,
      column: "Kode Instansi",
      value: LAPOR_BAD.unknownOpd.value,
      note: "kode OPD tidak ada di opd.csv (Pariaman tidak punya dinas tenaga kerja tersendiri)",
    },
    {
      file: laporPath(LAPOR_BAD.selesaiBeforeMasuk.year),
      row: j + 1,
      column: "Tanggal Selesai",
      value: iso(new Date(b[j].masuk.getTime() - 10 * DAY_MS)),
      note: "tanggal selesai sebelum tanggal laporan",
    },
  ];
}

export function laporRows(plan: LaporPlan, year: number): LaporRow[] {
  const rows = laporRowsOf(plan, year);
  for (const p of laporPlanted(plan)) {
    if (p.file !== laporPath(year)) continue;
    const r = rows[p.row - 1];
    if (p.column === "Kode Instansi") r.opd = p.value;
    else r.selesai = utc(p.value);
  }
  return rows;
}

export function laporRowCount(plan: LaporPlan, year: number): number {
  return laporRowsOf(plan, year).length;
}

export function* laporChunks(plan: LaporPlan, year: number): Generator<string> {
  let out = LAPOR_HEADER + "\n";
  for (const r of laporRows(plan, year)) {
    out += line(
      [r.tiket, iso(r.masuk), r.opd, KLAS_LABEL[r.klas], r.tanggapan ? iso(r.tanggapan) : "", r.selesai ? iso(r.selesai) : "", r.status, r.pelapor, r.isi, r.kecamatan],
      ",",
    );
  }
  yield out;
}
