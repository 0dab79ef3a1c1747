// Permit applications as SiCantik (DPMPTSP) exports them: one file per year of receipt, `;`
// delimiter, dd/mm/yyyy dates, status as of the export date (end of 2025). One year is exported as
// XLSX instead (title block above a two-row header with merged cells, real Excel dates).
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { JenisIzin, Reference } from "./reference.ts";
import { makeRng, type Rng } from "./rng.ts";
import { dmy, line } from "./csv.ts";
import type { PlantedRow } from "./skm.ts";
import { addWorkdays, iso, utc, workdaysOfYear } from "./workdays.ts";

export const IZIN_HEADER = "No Permohonan;Jenis Izin;Tanggal Masuk;Tanggal Terbit;Status;Nama Pemohon;Kecamatan";
export const IZIN_YEARS = [2021, 2022, 2023, 2024, 2025];
/** The year exported as XLSX instead of CSV. */
export const IZIN_XLSX_YEAR = 2024;
export const izinPath = (year: number) => (year === IZIN_XLSX_YEAR ? `izin/izin_${year}.xlsx` : `izin/izin_${year}.csv`);
/** The export date: decisions after it are not known yet (still open, the backlog). */
export const IZIN_CUTOFF = "2025-12-31";

/**
 * The story: before the Mal Pelayanan Publik opened (applications received from 2023-07-01 on),
 * permits took about 1.2 x their SLA in working days (PBG even longer); afterwards about 0.7 x, and
 * a little better again in 2025. Medians of the ratio processing time / SLA.
 */
export const IZIN_STORY = {
  mppOpened: "2023-07-01",
  before: 1.2,
  after: 0.72,
  in2025: 0.65,
  slowType: "PBG",
  slowFactor: 1.2,
  ditolak: 0.05,
  dicabut: 0.015,
  /** Applications stuck waiting for documents (2024-2025): open at the export date. */
  stuck: 0.006,
};
/** Applications per year per type at scale 1 (before growth). */
const VOLUME: Record<string, number> = {
  PBG: 320, SLF: 90, PKKPR: 160, "SIP-DOKTER": 70, "SIP-BIDAN": 80, "SIP-PERAWAT": 150, SIA: 25,
  REKLAME: 240, TDUP: 120, IUTM: 15, TRAYEK: 35,
};
const KECAMATAN_WEIGHT = [0.36, 0.24, 0.22, 0.18];

export const IZIN_BAD = { terbitBeforeMasuk: { year: 2022, at: 0.45 }, unknownJenis: { year: 2023, at: 0.6, value: "Izin Gangguan (HO)" } };

export interface IzinRow {
  no: string;
  jenis: string;
  masuk: Date;
  terbit: Date | null;
  status: "Selesai" | "Ditolak" | "Dibatalkan" | "Dalam Proses";
  nama: string;
  kecamatan: string;
}

const GIVEN = ["Afrizal", "Zulkifli", "Rahmat", "Hendri", "Fitri", "Yeni", "Novita", "Desi", "Rizky", "Andri", "Mega", "Rahmi", "Budi", "Syafrida", "Ilham", "Putri", "Wulan", "Doni", "Febri", "Yusnita"];
const FAMILY = ["Chaniago", "Piliang", "Tanjung", "Sikumbang", "Koto", "Jambak", "Caniago", "Guci", "Saputra", "Rahmadani", "Hidayat", "Sari"];
const BUSINESS = ["Maju Jaya", "Sumber Rezeki", "Pariaman Sejahtera", "Ombak Biru", "Tabuik Mandiri", "Gandoriah Abadi", "Piaman Karya", "Sinar Pantai"];

function applicant(rng: Rng, kode: string): string {
  if (["IUTM", "TRAYEK", "REKLAME", "TDUP", "PKKPR"].includes(kode) && rng.chance(0.6)) {
    return `${rng.pick(["CV", "PT", "UD", "Koperasi"])} ${rng.pick(BUSINESS)}`;
  }
  const name = `${rng.pick(GIVEN)} ${rng.pick(FAMILY)}`;
  if (kode === "SIP-DOKTER") return `dr. ${name}`;
  if (kode === "SIP-BIDAN") return `${name}, A.Md.Keb.`;
  return name;
}

function ratioMedian(masuk: Date, kode: string): number {
  const m = iso(masuk) < IZIN_STORY.mppOpened ? IZIN_STORY.before : masuk.getUTCFullYear() >= 2025 ? IZIN_STORY.in2025 : IZIN_STORY.after;
  return kode === IZIN_STORY.slowType ? m * IZIN_STORY.slowFactor : m;
}

function izinRowsOf(types: JenisIzin[], kecamatan: string[], holidays: Set<string>, year: number, seed: number, scale: number): IzinRow[] {
  const rng = makeRng(seed, `izin|${year}`);
  const days = workdaysOfYear(year, holidays);
  const cutoff = utc(IZIN_CUTOFF);
  const growth = 1 + 0.08 * (year - IZIN_YEARS[0]);
  const drafts: { kode: string; jenis: string; sla: number; masuk: Date }[] = [];
  for (const t of types) {
    const n = Math.max(1, Math.round((VOLUME[t.kode_izin] ?? 40) * growth * scale * (1 + rng.normal(0, 0.05))));
    for (let i = 0; i < n; i++) drafts.push({ kode: t.kode_izin, jenis: t.jenis_izin, sla: t.sla_hari_kerja, masuk: days[Math.floor(rng() * days.length)] });
  }
  drafts.sort((a, b) => a.masuk.getTime() - b.masuk.getTime());
  return drafts.map((d, i) => {
    const ratio = ratioMedian(d.masuk, d.kode) * Math.exp(rng.normal(0, 0.3));
    const hk = Math.max(1, Math.round(d.sla * ratio));
    const u = rng();
    let status: IzinRow["status"] = u < IZIN_STORY.ditolak ? "Ditolak" : u < IZIN_STORY.ditolak + IZIN_STORY.dicabut ? "Dibatalkan" : "Selesai";
    let terbit: Date | null = status === "Ditolak" ? addWorkdays(d.masuk, Math.max(1, Math.round(hk * 0.6)), holidays) : addWorkdays(d.masuk, hk, holidays);
    if (status === "Dibatalkan") terbit = null;
    if (status !== "Dibatalkan" && (terbit!.getTime() > cutoff.getTime() || (year >= 2024 && rng.chance(IZIN_STORY.stuck)))) {
      status = "Dalam Proses";
      terbit = null;
    }
    const kec = rng.chance(0.08) ? "" : rng.weighted(kecamatan, KECAMATAN_WEIGHT.slice(0, kecamatan.length));
    return {
      no: `SC/${year}/${String(i + 1).padStart(5, "0")}`,
      jenis: d.jenis,
      masuk: d.masuk,
      terbit,
      status,
      nama: applicant(rng, d.kode),
      kecamatan: kec,
    };
  });
}

export interface IzinPlan {
  types: JenisIzin[];
  kecamatan: string[];
  holidays: Set<string>;
  seed: number;
  scale: number;
}
export function planIzin(ref: Reference, seed: number, scale: number): IzinPlan {
  return { types: ref.jenisIzin ?? [], kecamatan: ref.kecamatan ?? [], holidays: new Set(ref.libur ?? []), seed, scale };
}

/** The rows of one year with the planted faults applied. */
export function izinRows(plan: IzinPlan, year: number): IzinRow[] {
  const rows = izinRowsOf(plan.types, plan.kecamatan, plan.holidays, year, plan.seed, plan.scale);
  for (const p of izinPlanted(plan)) {
    if (p.file !== izinPath(year)) continue;
    const r = rows[p.row - 1];
    if (p.column === "Jenis Izin") r.jenis = p.value;
    else r.terbit = utc(p.value.split("/").reverse().join("-"));
  }
  return rows;
}

/** Row counts without drawing the rows twice: the count is drawn from the same stream. */
export function izinRowCount(plan: IzinPlan, year: number): number {
  return izinRowsOf(plan.types, plan.kecamatan, plan.holidays, year, plan.seed, plan.scale).length;
}

export function izinPlanted(plan: IzinPlan): PlantedRow[] {
  if (plan.types.length === 0) return [];
  const out: PlantedRow[] = [];
  {
    const { year, at } = IZIN_BAD.terbitBeforeMasuk;
    const rows = izinRowsOf(plan.types, plan.kecamatan, plan.holidays, year, plan.seed, plan.scale);
    let i = Math.floor(rows.length * at);
    while (rows[i].status !== "Selesai") i++;
    const before = new Date(rows[i].masuk.getTime() - 3 * 86_400_000);
    out.push({ file: izinPath(year), row: i + 1, column: "Tanggal Terbit", value: dmy(before), note: "tanggal terbit sebelum tanggal masuk" });
  }
  {
    const { year, at, value } = IZIN_BAD.unknownJenis;
    const rows = izinRowsOf(plan.types, plan.kecamatan, plan.holidays, year, plan.seed, plan.scale);
    const i = Math.floor(rows.length * at);
    out.push({ file: izinPath(year), row: i + 1, column: "Jenis Izin", value, note: "jenis izin tidak ada di jenis_izin.csv (izin gangguan sudah dihapus)" });
  }
  return out;
}

export function* izinCsvChunks(plan: IzinPlan, year: number): Generator<string> {
  let out = IZIN_HEADER + "\n";
  for (const r of izinRows(plan, year)) {
    out += line([r.no, r.jenis, dmy(r.masuk), r.terbit ? dmy(r.terbit) : "", r.status, r.nama, r.kecamatan], ";");
  }
  yield out;
}

/** A fixed timestamp for the workbook's metadata and every zip entry: the same bytes every run. */
const FIXED_TIME = new Date(Date.UTC(2026, 0, 5, 8, 0, 0));

/**
 * The XLSX export: a title block (rows 1-3), a two-row header (rows 4-5) with "Tanggal" merged
 * over Tanggal Masuk / Tanggal Terbit and the other labels merged vertically, data from row 6, dates as Excel dates.
 */
export async function izinXlsx(plan: IzinPlan, year: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "SiCantik Cloud";
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  const ws = wb.addWorksheet("Permohonan");
  ws.getCell("A1").value = `DAFTAR PERMOHONAN IZIN TAHUN ${year}`;
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.getCell("A2").value = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Pariaman (data sintetis)";
  ws.mergeCells("A1:H1");
  ws.mergeCells("A2:H2");
  const top = ["No Permohonan", "Jenis Izin", "Tanggal", null, "Status", "Nama Pemohon", "Kecamatan"];
  const sub = [null, null, "Tanggal Masuk", "Tanggal Terbit", null, null, null];
  top.forEach((v, c) => (ws.getRow(4).getCell(c + 1).value = v));
  sub.forEach((v, c) => (ws.getRow(5).getCell(c + 1).value = v));
  ws.mergeCells("C4:D4");
  for (const col of ["A", "B", "E", "F", "G"]) ws.mergeCells(`${col}4:${col}5`);
  for (const r of [4, 5]) ws.getRow(r).font = { bold: true };
  let r = 6;
  for (const x of izinRows(plan, year)) {
    const row = ws.getRow(r++);
    row.getCell(1).value = x.no;
    row.getCell(2).value = x.jenis;
    row.getCell(3).value = x.masuk;
    row.getCell(4).value = x.terbit;
    row.getCell(5).value = x.status;
    row.getCell(6).value = x.nama;
    row.getCell(7).value = x.kecamatan || null;
  }
  ws.getColumn(3).numFmt = "dd/mm/yyyy";
  ws.getColumn(4).numFmt = "dd/mm/yyyy";
  ws.getColumn(1).width = 18;
  ws.getColumn(2).width = 45;
  const written = await wb.xlsx.writeBuffer();
  // exceljs stamps every zip entry with the current time: re-zip with a fixed one.
  const src = await JSZip.loadAsync(written as ArrayBuffer);
  const out = new JSZip();
  for (const name of Object.keys(src.files).sort()) {
    const entry = src.files[name];
    if (entry.dir) continue;
    out.file(name, await entry.async("uint8array"), { date: FIXED_TIME, createFolders: false });
  }
  return out.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } });
}
