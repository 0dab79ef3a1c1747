// The reference data the demo generator needs, read from data/reference.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";

export interface Opd {
  kode_opd: string;
  nama_opd: string;
  singkatan: string;
  jenis: string;
}
export interface UnitLayanan {
  kode_unit: string;
  nama_unit: string;
  kode_opd: string;
  kode_kecamatan: string;
}
export type Polaritas = "naik" | "turun" | "rentang";
export interface Indikator {
  kode_indikator: string;
  nama_indikator: string;
  satuan: string;
  polaritas: Polaritas;
  kode_opd: string;
  sumber: string;
}
export interface TargetIndikator {
  kode_indikator: string;
  tahun: number;
  target: number;
  /** Upper bound, for `rentang` only. */
  target_atas: number | null;
}
export interface Reference {
  opd: Opd[];
  unit: UnitLayanan[];
  indikator: Indikator[];
  target: TargetIndikator[];
  /** ISO dates of national holidays and cuti bersama (hari_libur.csv); optional. */
  libur?: string[];
  /** Permit types with their SLA in working days (jenis_izin.csv); optional. */
  jenisIzin?: JenisIzin[];
  /** Kecamatan codes of wilayah.csv (tingkat = kecamatan); optional. */
  kecamatan?: string[];
}
export interface JenisIzin {
  kode_izin: string;
  jenis_izin: string;
  kode_opd: string;
  sla_hari_kerja: number;
}

function read(dir: string, file: string) {
  return csvParse(readFileSync(path.join(dir, file), "utf8").replace(/^\uFEFF/, ""));
}

function num(text: string | undefined, where: string): number {
  const n = Number(text);
  if (text === undefined || text.trim() === "" || !Number.isFinite(n)) throw new Error(`${where}: not a number: ${text}`);
  return n;
}

/** Reads opd.csv, unit_layanan.csv, indikator.csv and target_indikator.csv from `dir`. */
export function loadReference(dir: string): Reference {
  const opd = read(dir, "opd.csv").map((r) => ({
    kode_opd: r.kode_opd!,
    nama_opd: r.nama_opd!,
    singkatan: r.singkatan!,
    jenis: r.jenis!,
  }));
  const unit = read(dir, "unit_layanan.csv").map((r) => ({
    kode_unit: r.kode_unit!,
    nama_unit: r.nama_unit!,
    kode_opd: r.kode_opd!,
    kode_kecamatan: r.kode_kecamatan!,
  }));
  const indikator = read(dir, "indikator.csv").map((r) => {
    const polaritas = r.polaritas as Polaritas;
    if (!["naik", "turun", "rentang"].includes(polaritas)) throw new Error(`indikator.csv ${r.kode_indikator}: polaritas ${polaritas}`);
    return {
      kode_indikator: r.kode_indikator!,
      nama_indikator: r.nama_indikator!,
      satuan: r.satuan!,
      polaritas,
      kode_opd: r.kode_opd!,
      sumber: r.sumber!,
    };
  });
  const target = read(dir, "target_indikator.csv").map((r, i) => {
    const where = `target_indikator.csv row ${i + 1}`;
    return {
      kode_indikator: r.kode_indikator!,
      tahun: num(r.tahun, where),
      target: num(r.target, where),
      target_atas: r.target_atas && r.target_atas.trim() !== "" ? num(r.target_atas, where) : null,
    };
  });
  const libur = existsSync(path.join(dir, "hari_libur.csv")) ? read(dir, "hari_libur.csv").map((r) => r.tanggal!) : [];
  const jenisIzin = existsSync(path.join(dir, "jenis_izin.csv"))
    ? read(dir, "jenis_izin.csv").map((r, i) => ({
        kode_izin: r.kode_izin!,
        jenis_izin: r.jenis_izin!,
        kode_opd: r.kode_opd!,
        sla_hari_kerja: num(r.sla_hari_kerja, `jenis_izin.csv row ${i + 1}`),
      }))
    : [];
  const kecamatan = existsSync(path.join(dir, "wilayah.csv"))
    ? read(dir, "wilayah.csv").filter((r) => r.tingkat === "kecamatan").map((r) => r.kode!)
    : [];
  return { opd, unit, indikator, target, libur, jenisIzin, kecamatan };
}
