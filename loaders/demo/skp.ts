// e-Kinerja (BKN) SKP evaluation exports: a synthetic roster with turnover, rated per
// PermenPANRB 6/2022, with a few realistic faults.
import type { Opd, Reference } from "./reference.ts";
import { makeRng, type Rng } from "./rng.ts";
import { line } from "./csv.ts";
import type { PlantedRow } from "./skm.ts";

export const SKP_HEADER = "NIP;Nama;Jenis ASN;Unit Kerja;Jabatan;Periode;Hasil Kerja;Perilaku Kerja;Predikat";
export const BOM = "\uFEFF";
export const EMPLOYEES_PER_SCALE = 2900;

export type Ekspektasi = "Di Atas Ekspektasi" | "Sesuai Ekspektasi" | "Di Bawah Ekspektasi";
export type Predikat = "Sangat Baik" | "Baik" | "Butuh Perbaikan" | "Kurang" | "Sangat Kurang";
export const PREDIKAT: Predikat[] = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"];

/** PermenPANRB 6/2022 matrix: hasil kerja (rows) × perilaku kerja (columns). */
export function predikat(hasil: Ekspektasi, perilaku: Ekspektasi): Predikat {
  if (hasil === "Di Bawah Ekspektasi") return perilaku === "Di Bawah Ekspektasi" ? "Sangat Kurang" : "Butuh Perbaikan";
  if (perilaku === "Di Bawah Ekspektasi") return "Kurang";
  if (hasil === "Di Atas Ekspektasi" && perilaku === "Di Atas Ekspektasi") return "Sangat Baik";
  return "Baik";
}

/** OPD whose ratings are inflated (≥ 80% Sangat Baik) while their IKU capaian is poor. */
export const INFLATED_OPD = ["DISHUB", "DISPARPORA"];

export const SKP_PERIODS = ["2021", "2022", "2023", "2024", "2025", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"];
export const skpPath = (periode: string) => `skp/skp_${periode}.csv`;

/** Relative size of each OPD (unknown codes get 40). */
const OPD_SIZE: Record<string, number> = {
  DISDIKBUD: 1000, DINKES: 520, SETDA: 110, SATPOLPP: 100, DPUPR: 80, DISTANPANGKAN: 70, BPKD: 60, DISHUB: 60,
  DLH: 60, BAPENDA: 50, DISDUKCAPIL: 50, DP3AP2KB: 45, DISKOPERINDAG: 45, SETWAN: 40, BAPPEDA: 40, BKPSDM: 40,
  DISPERKIM: 40, DINSOS: 40, DISPARPORA: 40, INSPEKTORAT: 35, BPBD: 35, DPMPTSP: 35, DISKOMINFO: 35, DPMD: 30,
  DISPUSIP: 30, KESBANGPOL: 20,
};
const opdSize = (o: Opd) => OPD_SIZE[o.kode_opd] ?? (o.jenis === "kecamatan" ? 22 : 40);

const HEAD: Record<string, string> = {
  sekretariat: "Sekretaris", inspektorat: "Inspektur", badan: "Kepala Badan", dinas: "Kepala Dinas",
  satuan: "Kepala Satuan", kecamatan: "Camat",
};
const JABATAN_UMUM = [
  "Analis Kebijakan Ahli Muda", "Analis Kebijakan Ahli Pertama", "Perencana Ahli Pertama", "Pranata Komputer Ahli Pertama",
  "Arsiparis Terampil", "Analis Keuangan Pusat dan Daerah Ahli Muda", "Pengadministrasi Perkantoran",
  "Penata Layanan Operasional", "Pengelola Umum Operasional", "Operator Layanan Operasional", "Kepala Bidang", "Kepala Seksi",
  "Kepala Subbagian Umum dan Kepegawaian",
];
const JABATAN_OPD: Record<string, string[]> = {
  DISDIKBUD: ["Guru Ahli Pertama", "Guru Ahli Muda", "Guru Ahli Madya", "Guru Ahli Pertama", "Guru Ahli Muda", "Pengawas Sekolah Ahli Madya", "Pengelola Layanan Operasional", "Pamong Budaya Ahli Pertama"],
  DINKES: ["Perawat Terampil", "Perawat Ahli Pertama", "Bidan Terampil", "Bidan Ahli Pertama", "Dokter Ahli Pertama", "Dokter Gigi Ahli Pertama", "Apoteker Ahli Pertama", "Nutrisionis Terampil", "Sanitarian Terampil", "Pranata Laboratorium Kesehatan Terampil", "Administrator Kesehatan Ahli Pertama"],
  INSPEKTORAT: ["Auditor Ahli Pertama", "Auditor Ahli Muda", "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah Ahli Muda"],
  SATPOLPP: ["Polisi Pamong Praja Terampil", "Polisi Pamong Praja Ahli Pertama", "Analis Kebakaran Terampil", "Pengelola Umum Operasional"],
  DISHUB: ["Penguji Kendaraan Bermotor Terampil", "Asisten Penguji Kendaraan Bermotor", "Pengelola Umum Operasional"],
  BAPPEDA: ["Perencana Ahli Muda", "Perencana Ahli Pertama", "Statistisi Ahli Pertama"],
  DISTANPANGKAN: ["Penyuluh Pertanian Terampil", "Penyuluh Pertanian Ahli Pertama", "Medik Veteriner Ahli Pertama", "Pengawas Perikanan Terampil"],
  DISPUSIP: ["Pustakawan Terampil", "Pustakawan Ahli Pertama", "Arsiparis Terampil"],
  DISDUKCAPIL: ["Administrator Database Kependudukan Ahli Pertama", "Pengolah Data dan Informasi", "Penata Layanan Operasional"],
  BKPSDM: ["Analis Sumber Daya Manusia Aparatur Ahli Pertama", "Analis Sumber Daya Manusia Aparatur Ahli Muda", "Assessor SDM Aparatur Ahli Pertama"],
};

const MALE = ["Afrizal", "Zulkifli", "Syafrizal", "Rahmat", "Hendri", "Irwan", "Zulfikar", "Fauzan", "Rizky", "Andri", "Yusrizal", "Erizal", "Asrul", "Fadli", "Ilham", "Hafiz", "Budi", "Novrizal", "Rinaldi", "Yuhendri", "Mardius", "Arif", "Bayu", "Doni", "Febri", "Gusri", "Joni", "Defri", "Alfian", "Syahrul"];
const FEMALE = ["Rina", "Yeni", "Fitri", "Rahmawati", "Novita", "Sri", "Yusnita", "Elfi", "Desi", "Vivi", "Mega", "Nurhayati", "Afrida", "Syafrida", "Yulia", "Rahmi", "Lisa", "Reni", "Putri", "Silvia", "Wulan", "Hasnah", "Erni", "Delvi", "Nelti", "Yesi", "Zurmaini", "Rosmaini", "Indah", "Weni"];
const MALE_2 = ["Putra", "Saputra", "Efendi", "Hidayat", "Syahputra", "Rahman", "Maulana", "Arifin", "Yusuf", "Hamdani", "Anwar", "Mulyadi", "Gusnedi", "Darmawan", "Chaniago", "Piliang", "Tanjung", "Sikumbang"];
const FEMALE_2 = ["Fitriani", "Yanti", "Wahyuni", "Sari", "Marlina", "Susanti", "Handayani", "Yusra", "Rahmadani", "Novianti", "Oktaviani", "Safitri", "Chaniago", "Piliang", "Tanjung", "Sikumbang"];

function gelar(rng: Rng, jabatan: string): { pre: string; post: string } {
  if (jabatan.startsWith("Dokter Gigi")) return { pre: "drg. ", post: "" };
  if (jabatan.startsWith("Dokter") || jabatan === "Kepala Puskesmas") return { pre: "dr. ", post: rng.chance(0.2) ? ", M.Kes." : "" };
  if (jabatan.startsWith("Guru") || jabatan.startsWith("Pengawas Sekolah")) return { pre: "", post: rng.chance(0.2) ? ", M.Pd." : ", S.Pd." };
  if (jabatan.startsWith("Perawat")) return jabatan.includes("Ahli") ? { pre: "Ns. ", post: ", S.Kep." } : { pre: "", post: ", A.Md.Kep." };
  if (jabatan.startsWith("Bidan")) return { pre: "", post: jabatan.includes("Ahli") ? ", S.Tr.Keb." : ", A.Md.Keb." };
  if (jabatan.startsWith("Apoteker")) return { pre: "apt. ", post: ", S.Farm." };
  if (jabatan.startsWith("Kepala") || jabatan.startsWith("Camat") || jabatan.startsWith("Sekretaris") || jabatan.startsWith("Inspektur")) {
    return { pre: "", post: rng.pick([", S.E., M.M.", ", S.H., M.H.", ", S.Sos., M.Si.", ", S.STP., M.Si.", ", S.T., M.T."]) };
  }
  if (rng.chance(0.35)) return { pre: "", post: "" };
  return { pre: "", post: rng.pick([", S.E.", ", S.H.", ", S.Sos.", ", S.IP.", ", S.Kom.", ", A.Md.", ", S.T.", ", S.AP.", ", M.Si."]) };
}

export interface Employee {
  nip: string;
  nama: string;
  jenis: "PNS" | "PPPK";
  jabatan: string;
  /** OPD index (into reference.opd) per year, FIRST..LAST. */
  opd: number[];
  firstYear: number;
  lastYear: number;
  /** Quarter of 2025 from which a 2025 hire is evaluated. */
  firstQuarter: number;
  perf: number;
  behav: number;
}

const FIRST = 2021;
const LAST = 2025;

/** The whole synthetic workforce 2021-2025, sorted as e-Kinerja lists it (OPD, then name). */
export function planRoster(ref: Reference, seed: number, scale: number): Employee[] {
  const rng = makeRng(seed, "skp-roster");
  const weights = ref.opd.map(opdSize);
  const nips = new Set<string>();
  const roster: Employee[] = [];
  const n0 = Math.max(ref.opd.length, Math.round(EMPLOYEES_PER_SCALE * scale));
  const pad = (n: number, w: number) => String(n).padStart(w, "0");

  const make = (year: number, opdIndex: number, jenis: "PNS" | "PPPK", jabatan: string | null, initial: boolean): Employee => {
    const opd = ref.opd[opdIndex];
    const jab = jabatan ?? rng.pick(JABATAN_OPD[opd.kode_opd] ?? JABATAN_UMUM);
    const female = rng.chance(opd.kode_opd === "DINKES" || opd.kode_opd === "DISDIKBUD" ? 0.72 : 0.45);
    let birthYear: number;
    if (initial) birthYear = jabatan ? rng.int(1967, 1978) : Math.round(1965 + 32 * Math.pow(rng(), 1.3));
    else birthYear = jenis === "PNS" ? rng.int(1990, 2000) : rng.int(1975, 1997);
    birthYear = Math.min(2000, Math.max(1965, birthYear));
    let tmtYear: number;
    if (!initial) tmtYear = year;
    else if (jenis === "PPPK") tmtYear = rng.int(2019, 2021);
    else tmtYear = rng.int(Math.max(1988, birthYear + 22), Math.max(Math.max(1988, birthYear + 22), 2020));
    let nip = "";
    do {
      const birth = `${birthYear}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}`;
      const seq = pad(rng.int(1, rng.chance(0.8) ? 30 : 400), 3);
      nip = jenis === "PNS" ? `${birth}${tmtYear}${pad(rng.pick([1, 2, 3, 4, 12]), 2)}${female ? 2 : 1}${seq}` : `${birth}${tmtYear}21${female ? 2 : 1}${seq}`;
    } while (nips.has(nip));
    nips.add(nip);
    const g = gelar(rng, jab);
    const nama = `${g.pre}${rng.pick(female ? FEMALE : MALE)} ${rng.pick(female ? FEMALE_2 : MALE_2)}${g.post}`;
    const retireAge = /^(Guru|Dokter|Pengawas|Auditor Ahli Muda)|Madya/.test(jab) ? 60 : 58;
    const lastYear = jenis === "PNS" ? Math.min(LAST, birthYear + retireAge - 1) : LAST;
    const perf = rng.normal();
    return {
      nip, nama, jenis, jabatan: jab, opd: [], firstYear: year, lastYear, firstQuarter: 1,
      perf, behav: 0.6 * perf + 0.8 * rng.normal(),
    };
  };

  const assign = (e: Employee, opdIndex: number) => {
    e.opd = [];
    let cur = opdIndex;
    for (let y = FIRST; y <= LAST; y++) {
      // Mutasi: a few people move between OPD each year (teachers and nurses rarely).
      if (y > e.firstYear && rng.chance(0.015) && !/^(Guru|Perawat|Bidan)/.test(e.jabatan)) cur = rng.weighted(ref.opd.map((_, i) => i), weights);
      e.opd.push(cur);
    }
  };

  // Heads of OPD first, then everyone else.
  ref.opd.forEach((o, i) => {
    const e = make(FIRST, i, "PNS", o.kode_opd === "SETDA" ? "Sekretaris Daerah" : o.kode_opd === "SETWAN" ? "Sekretaris DPRD" : HEAD[o.jenis] ?? "Kepala", true);
    e.opd = Array(LAST - FIRST + 1).fill(i);
    roster.push(e);
  });
  const indices = ref.opd.map((_, i) => i);
  for (let k = roster.length; k < n0; k++) {
    const o = rng.weighted(indices, weights);
    const e = make(FIRST, o, rng.chance(0.13) ? "PPPK" : "PNS", null, true);
    if (rng.chance(0.012 * 4)) e.lastYear = Math.min(e.lastYear, rng.int(FIRST, LAST - 1)); // other departures
    assign(e, o);
    roster.push(e);
  }
  // Hires each year replace leavers and grow the workforce a little; PPPK waves 2022-2024.
  for (let y = FIRST + 1; y <= LAST; y++) {
    const active = roster.filter((e) => e.firstYear <= y - 1 && e.lastYear >= y - 1).length;
    const stay = roster.filter((e) => e.firstYear <= y - 1 && e.lastYear >= y).length;
    const hires = active - stay + Math.round(active * 0.005);
    const pppkShare = y <= 2024 ? 0.8 : 0.5;
    for (let k = 0; k < hires; k++) {
      const o = rng.weighted(indices, weights);
      const e = make(y, o, rng.chance(pppkShare) ? "PPPK" : "PNS", null, false);
      if (y === LAST) e.firstQuarter = rng.int(1, 4);
      assign(e, o);
      roster.push(e);
    }
  }
  const opdOrder = (e: Employee) => e.opd[LAST - FIRST];
  return roster.sort((a, b) => opdOrder(a) - opdOrder(b) || (a.nama < b.nama ? -1 : a.nama > b.nama ? 1 : a.nip < b.nip ? -1 : 1));
}

function activeIn(e: Employee, periode: string): boolean {
  const year = Number(periode.slice(0, 4));
  if (e.firstYear > year || e.lastYear < year) return false;
  if (periode.length > 4) {
    if (e.lastYear < LAST) return false;
    if (e.firstYear === year && Number(periode.slice(6)) < e.firstQuarter) return false;
  }
  return true;
}

export function skpRowCount(roster: Employee[], periode: string) {
  return roster.reduce((n, e) => n + (activeIn(e, periode) ? 1 : 0), 0);
}

/** Planted quarantine cases (see data/sample/README.md). */
export const SKP_BAD = { periode: "2023", shortNip: 0.3, longNip: 0.6, unknownUnit: 0.85, unknownName: "Dinas Tenaga Kerja" };
/** Files where some rows leave Predikat empty, and the share. */
export const SKP_EMPTY_PREDIKAT: Record<string, number> = { "2022": 0.04, "2025-Q2": 0.02 };
export const SKP_CONTRADICTION_RATE = 0.005;

export function skpPlanted(roster: Employee[]): PlantedRow[] {
  const n = skpRowCount(roster, SKP_BAD.periode);
  const file = skpPath(SKP_BAD.periode);
  return [
    { file, row: Math.max(1, Math.floor(n * SKP_BAD.shortNip)), column: "NIP", value: "(17 digit)", note: "NIP kurang satu digit" },
    { file, row: Math.max(1, Math.floor(n * SKP_BAD.longNip)), column: "NIP", value: "(19 digit)", note: "NIP kelebihan satu digit" },
    { file, row: Math.max(1, Math.floor(n * SKP_BAD.unknownUnit)), column: "Unit Kerja", value: SKP_BAD.unknownName, note: "unit kerja tidak ada di opd.csv" },
  ];
}

function ekspektasi(x: number, hi: number, lo: number): Ekspektasi {
  return x > hi ? "Di Atas Ekspektasi" : x < lo ? "Di Bawah Ekspektasi" : "Sesuai Ekspektasi";
}

export function* skpChunks(roster: Employee[], ref: Reference, periode: string, seed: number): Generator<string> {
  const rng = makeRng(seed, `skp|${periode}`);
  const year = Number(periode.slice(0, 4));
  const quarterly = periode.length > 4;
  const emptyShare = SKP_EMPTY_PREDIKAT[periode] ?? 0;
  const planted = new Map<number, PlantedRow>();
  if (periode === SKP_BAD.periode) for (const p of skpPlanted(roster)) planted.set(p.row, p);
  let chunk = BOM + SKP_HEADER + "\n";
  let row = 0;
  for (const e of roster) {
    if (!activeIn(e, periode)) continue;
    row++;
    const opd = ref.opd[e.opd[year - FIRST]];
    const shift = INFLATED_OPD.includes(opd.kode_opd) ? (quarterly ? 3.2 : 2.6) : 0;
    const noise = quarterly ? 0.9 : 0.7;
    const common = rng.normal();
    const h = shift + 0.6 * e.perf + noise * (0.6 * common + 0.8 * rng.normal());
    const p = shift + 0.6 * e.behav + noise * (0.6 * common + 0.8 * rng.normal());
    const hasil = ekspektasi(h, 1.0, -1.9);
    const perilaku = ekspektasi(p, 0.95, -2.0);
    let pred: string = predikat(hasil, perilaku);
    if (rng.chance(SKP_CONTRADICTION_RATE)) pred = rng.pick(PREDIKAT.filter((x) => x !== pred));
    if (emptyShare > 0 && rng.chance(emptyShare)) pred = "";
    let nip = e.nip;
    let unit = opd.nama_opd;
    const bad = planted.get(row);
    if (bad?.value === "(17 digit)") nip = nip.slice(0, 17);
    else if (bad?.value === "(19 digit)") nip = nip.slice(0, 9) + nip.slice(8);
    else if (bad?.column === "Unit Kerja") unit = bad.value;
    chunk += line([nip, e.nama, e.jenis, unit, e.jabatan, periode, hasil, perilaku, pred], ";");
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}
