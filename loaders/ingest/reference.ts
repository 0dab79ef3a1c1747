// Reference data (data/reference/*.csv) is small and edited by people: validate each file with zod
// row by row (messages name file, row, column, rule) and replace ref.* with it on every ingest.
import fs from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";
import { z } from "zod";
import type { Warehouse } from "../warehouse/connection.ts";
import { ident, literal } from "./sql.ts";

const kode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.\-]*$/, "kode hanya huruf, angka, titik dan tanda hubung");
const text = z.string().min(1, "wajib diisi");
const optionalNumber = z
  .string()
  .transform((v, ctx) => {
    if (v.trim() === "") return null;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: "bukan angka (pakai titik sebagai desimal)" });
      return z.NEVER;
    }
    return n;
  });
const number = optionalNumber.refine((v) => v !== null, "wajib diisi");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "tanggal harus yyyy-mm-dd");

interface ReferenceTable {
  table: string;
  file: string;
  required: boolean;
  row: z.ZodObject<Record<string, z.ZodType>>;
  sqlTypes: Record<string, string>;
  key: string[];
}

export const REFERENCE_TABLES: ReferenceTable[] = [
  {
    table: "opd",
    file: "opd.csv",
    required: true,
    row: z.object({ kode_opd: kode, nama_opd: text, singkatan: text, jenis: text }),
    sqlTypes: {},
    key: ["kode_opd"],
  },
  {
    table: "unit_layanan",
    file: "unit_layanan.csv",
    required: true,
    row: z.object({ kode_unit: kode, nama_unit: text, kode_opd: kode, kode_kecamatan: z.string() }),
    sqlTypes: {},
    key: ["kode_unit"],
  },
  {
    table: "indikator",
    file: "indikator.csv",
    required: true,
    row: z.object({
      kode_indikator: kode,
      nama_indikator: text,
      definisi: z.string(),
      rumus: z.string(),
      satuan: text,
      polaritas: z.enum(["naik", "turun", "rentang"], { message: "polaritas harus naik, turun atau rentang" }),
      kode_opd: kode,
      sumber: z.string(),
    }),
    sqlTypes: {},
    key: ["kode_indikator"],
  },
  {
    table: "target_indikator",
    file: "target_indikator.csv",
    required: true,
    row: z.object({ kode_indikator: kode, tahun: number, target: number, target_atas: optionalNumber }),
    sqlTypes: { tahun: "INTEGER", target: "DOUBLE", target_atas: "DOUBLE" },
    key: ["kode_indikator", "tahun"],
  },
  {
    table: "hari_libur",
    file: "hari_libur.csv",
    required: true,
    row: z.object({ tanggal: isoDate, nama: text }),
    sqlTypes: { tanggal: "DATE" },
    key: ["tanggal"],
  },
  {
    table: "wilayah",
    file: "wilayah.csv",
    required: true,
    row: z.object({ kode: kode, nama: text, tingkat: text, kode_induk: z.string() }),
    sqlTypes: {},
    key: ["kode"],
  },
  {
    table: "agregasi_indikator",
    file: "agregasi_indikator.csv",
    required: false,
    row: z.object({
      kode_indikator: kode,
      agregasi: z.enum(["kumulatif", "nilai_terakhir", "rasio"], { message: "agregasi harus kumulatif, nilai_terakhir atau rasio" }),
    }),
    sqlTypes: {},
    key: ["kode_indikator"],
  },
  {
    table: "opd_profil",
    file: "opd_profil.csv",
    required: false,
    row: z.object({ kode_opd: kode, deskripsi: text }),
    sqlTypes: {},
    key: ["kode_opd"],
  },
  {
    table: "sasaran_indikator",
    file: "sasaran_indikator.csv",
    required: false,
    row: z.object({ kode_indikator: kode, sasaran_strategis: text }),
    sqlTypes: {},
    key: ["kode_indikator"],
  },
  {
    table: "target_renstra",
    file: "target_renstra.csv",
    required: false,
    row: z.object({
      kode_indikator: kode,
      periode_renstra: z.string().regex(/^\d{4}-\d{4}$/, "periode_renstra harus tttt-tttt, misalnya 2021-2026"),
      tahun_akhir: number,
      target: number,
      target_atas: optionalNumber,
    }),
    sqlTypes: { tahun_akhir: "INTEGER", target: "DOUBLE", target_atas: "DOUBLE" },
    key: ["kode_indikator"],
  },
  {
    table: "standar_nasional",
    file: "standar_nasional.csv",
    required: false,
    row: z.object({ kode_indikator: kode, standar: text, nilai: number, dasar_hukum: text }),
    sqlTypes: { nilai: "DOUBLE" },
    key: ["kode_indikator"],
  },
  {
    table: "penandatangan",
    file: "penandatangan.csv",
    required: false,
    row: z.object({ kode_opd: kode, tempat: text, jabatan: text, nama: z.string() }),
    sqlTypes: {},
    key: ["kode_opd"],
  },
  {
    table: "jenis_izin",
    file: "jenis_izin.csv",
    required: false,
    row: z.object({ kode_izin: kode, jenis_izin: text, kode_opd: kode, sla_hari_kerja: number }),
    sqlTypes: { sla_hari_kerja: "INTEGER" },
    key: ["kode_izin"],
  },
  {
    table: "klasifikasi_pengaduan",
    file: "klasifikasi_pengaduan.csv",
    required: false,
    row: z.object({ klasifikasi: kode, nama: text, batas_tanggapan_hari_kerja: number, batas_selesai_hari_kerja: number }),
    sqlTypes: { batas_tanggapan_hari_kerja: "INTEGER", batas_selesai_hari_kerja: "INTEGER" },
    key: ["klasifikasi"],
  },
  {
    table: "status_capaian",
    file: "status_capaian.csv",
    required: false,
    row: z.object({ status: text, batas_bawah: number, ikon: z.string() }),
    sqlTypes: { batas_bawah: "DOUBLE" },
    key: ["status"],
  },
  {
    table: "alias_kolom",
    file: "alias_kolom.csv",
    required: false,
    row: z.object({ source: text, kolom: text, alias: text }),
    sqlTypes: {},
    key: ["source", "alias"],
  },
];

/** Status bands of DESIGN §5, used when data/reference/status_capaian.csv is absent. */
export const DEFAULT_STATUS_BANDS = [
  { status: "tercapai", batas_bawah: 100, ikon: "✔" },
  { status: "hampir tercapai", batas_bawah: 90, ikon: "▲" },
  { status: "tidak tercapai", batas_bawah: -1e9, ikon: "✖" },
];

export class ReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReferenceError";
  }
}

export type ReferenceData = Record<string, Record<string, unknown>[]>;

/** Read and validate every reference file; throws ReferenceError naming file, row, column, rule. */
export function readReference(dir: string): ReferenceData {
  const data: ReferenceData = {};
  for (const t of REFERENCE_TABLES) {
    const file = path.join(dir, t.file);
    if (!fs.existsSync(file)) {
      if (t.required) throw new ReferenceError(`${file}: berkas referensi wajib tidak ditemukan`);
      data[t.table] = t.table === "status_capaian" ? DEFAULT_STATUS_BANDS : [];
      continue;
    }
    const parsed = csvParse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
    const expected = Object.keys(t.row.shape);
    const missing = expected.filter((c) => !parsed.columns.includes(c));
    if (missing.length)
      throw new ReferenceError(`${file}: baris 1: kolom ${missing.join(", ")} tidak ada (judul harus: ${expected.join(",")})`);
    const seen = new Set<string>();
    data[t.table] = parsed.map((raw, i) => {
      const result = t.row.safeParse(raw);
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new ReferenceError(`${file}: baris ${i + 2}, kolom ${String(issue.path[0])}: ${issue.message}`);
      }
      const key = t.key.map((k) => String((result.data as Record<string, unknown>)[k])).join("|");
      if (seen.has(key)) throw new ReferenceError(`${file}: baris ${i + 2}: kunci ${t.key.join("+")} = ${key} ganda`);
      seen.add(key);
      return result.data as Record<string, unknown>;
    });
  }
  checkRelationships(dir, data);
  return data;
}

function checkRelationships(dir: string, data: ReferenceData): void {
  const opd = new Set(data.opd.map((r) => r.kode_opd));
  const ind = new Set(data.indikator.map((r) => r.kode_indikator));
  const wilayah = new Set(data.wilayah.map((r) => r.kode));
  const check = (file: string, rows: Record<string, unknown>[], column: string, valid: Set<unknown>, what: string) =>
    rows.forEach((r, i) => {
      if (r[column] !== "" && !valid.has(r[column]))
        throw new ReferenceError(`${path.join(dir, file)}: baris ${i + 2}, kolom ${column}: ${String(r[column])} tidak ada di ${what}`);
    });
  check("unit_layanan.csv", data.unit_layanan, "kode_opd", opd, "opd.csv");
  check("unit_layanan.csv", data.unit_layanan, "kode_kecamatan", wilayah, "wilayah.csv");
  check("indikator.csv", data.indikator, "kode_opd", opd, "opd.csv");
  check("target_indikator.csv", data.target_indikator, "kode_indikator", ind, "indikator.csv");
  check("jenis_izin.csv", data.jenis_izin, "kode_opd", opd, "opd.csv");
  check("agregasi_indikator.csv", data.agregasi_indikator, "kode_indikator", ind, "indikator.csv");
  check("opd_profil.csv", data.opd_profil, "kode_opd", opd, "opd.csv");
  check("sasaran_indikator.csv", data.sasaran_indikator, "kode_indikator", ind, "indikator.csv");
  check("target_renstra.csv", data.target_renstra, "kode_indikator", ind, "indikator.csv");
  check("standar_nasional.csv", data.standar_nasional, "kode_indikator", ind, "indikator.csv");
  // "KOTA" is the city-wide pack's signatory (Wali Kota); every other row names an OPD.
  check("penandatangan.csv", data.penandatangan, "kode_opd", new Set([...opd, "KOTA"]), "opd.csv (atau KOTA)");
}

/** Replace ref.* with the validated reference data. Call inside the load's transaction. */
export async function writeReference(wh: Warehouse, data: ReferenceData): Promise<void> {
  for (const t of REFERENCE_TABLES) {
    const columns = Object.keys(t.row.shape);
    const defs = columns.map((c) => `${ident(c)} ${t.sqlTypes[c] ?? "VARCHAR"}`).join(", ");
    await wh.exec(`CREATE OR REPLACE TABLE ref.${ident(t.table)} (${defs})`);
    const rows = data[t.table];
    for (let i = 0; i < rows.length; i += 500) {
      const values = rows
        .slice(i, i + 500)
        .map((r) => `(${columns.map((c) => sqlValue(r[c])).join(", ")})`)
        .join(", ");
      await wh.exec(`INSERT INTO ref.${ident(t.table)} VALUES ${values}`);
    }
  }
}

function sqlValue(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number") return String(v);
  return literal(String(v));
}

/** Extra header aliases per source from alias_kolom.csv: {source: {kolom: [alias...]}}. */
export function aliasesBySource(data: ReferenceData): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const r of data.alias_kolom ?? []) {
    const s = String(r.source);
    const k = String(r.kolom);
    ((out[s] ??= {})[k] ??= []).push(String(r.alias));
  }
  return out;
}
