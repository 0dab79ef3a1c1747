// Typed schema of the tables that TypeScript reads or writes through Kysely. Marts are typed here
// because the site's data loaders and the reports read them.
import type { Selectable } from "kysely";

export interface LoadsTable {
  load_id: number;
  source: string;
  file: string;
  sha256: string;
  rows_in: number;
  rows_ok: number;
  rows_rejected: number;
  rows_replaced: number;
  partitions: string[] | null;
  status: "loaded" | "superseded";
  started: Date | string;
  finished: Date | string;
}

export interface TransformsTable {
  run_id: number;
  started: Date | string;
  finished: Date | string;
  models: number;
  tests: number;
  last_load_id: number | null;
}

export interface IkmUnitTable {
  periode: string;
  kode_unit: string;
  kode_opd: string;
  jumlah_responden: number;
  nrr_persyaratan: number | null;
  nrr_prosedur: number | null;
  nrr_waktu: number | null;
  nrr_biaya: number | null;
  nrr_produk: number | null;
  nrr_kompetensi: number | null;
  nrr_perilaku: number | null;
  nrr_pengaduan: number | null;
  nrr_sarana: number | null;
  ikm: number;
  mutu: "A" | "B" | "C" | "D";
  kinerja_unit: string;
  sd_responden: number | null;
  ikm_bawah: number | null;
  ikm_atas: number | null;
  jumlah_layanan: number | null;
  sampel_minimum: number | null;
  sampel_memadai: boolean | null;
}

export interface IndikatorCapaianTable {
  periode: string;
  kode_opd: string;
  kode_indikator: string;
  nama_indikator: string;
  satuan: string;
  polaritas: "naik" | "turun" | "rentang";
  agregasi: "kumulatif" | "nilai_terakhir" | "rasio";
  /** The target of the period: for a cumulative indicator's quarter, the annual target x q/4. */
  target: number | null;
  target_atas: number | null;
  target_tahunan: number | null;
  realisasi: number | null;
  capaian: number | null;
  status: "tercapai" | "hampir tercapai" | "tidak tercapai" | "belum lapor" | "tanpa target";
}

export interface SkpPredikatTable {
  periode: string;
  kode_opd: string;
  jumlah_pegawai: number;
  sangat_baik: number;
  baik: number;
  butuh_perbaikan: number;
  kurang: number;
  sangat_kurang: number;
  predikat_tidak_konsisten: number;
}

export interface OpdRingkasanTable {
  periode: string;
  kode_opd: string;
  nama_opd: string;
  jumlah_indikator: number;
  indikator_dilaporkan: number;
  indikator_tercapai: number;
  rata_capaian: number | null;
  status: string | null;
  periode_ikm: string | null;
  ikm: number | null;
  mutu: string | null;
  jumlah_responden: number | null;
  jumlah_pegawai: number | null;
  persen_sangat_baik: number | null;
  persen_butuh_perbaikan_ke_bawah: number | null;
}

/** Service quality per kecamatan and period (kode_kecamatan NULL: permits/complaints without one). */
export interface WilayahLayananTable {
  periode: string;
  kode_kecamatan: string | null;
  nama_kecamatan: string;
  jumlah_unit: number;
  jumlah_responden: number;
  ikm: number | null;
  mutu: string | null;
  unit_alarm: number | null;
  unit_waspada: number | null;
  izin_masuk: number;
  izin_terbit: number;
  persen_izin_tepat_waktu: number | null;
  aduan_masuk: number;
  persen_aduan_selesai_tepat_waktu: number | null;
}

/** Revision history (loaders/revisions/revisi.ts). */
export interface AngkaTerbitTable {
  mart: string;
  periode: string;
  kode: string;
  kolom: string;
  nilai: number | null;
  load_ids: number[];
  run_id: number;
  dicatat: Date | string;
}

export interface RevisiTable {
  run_id: number;
  mart: string;
  periode: string;
  kode: string;
  kolom: string;
  nilai_lama: number;
  nilai_baru: number | null;
  load_lama: number[];
  load_baru: number[];
  dicatat_lama: Date | string;
  tanggal: Date | string;
}

export interface Database {
  "meta.loads": LoadsTable;
  "meta.transforms": TransformsTable;
  "mart.ikm_unit": IkmUnitTable;
  "mart.indikator_capaian": IndikatorCapaianTable;
  "mart.skp_predikat": SkpPredikatTable;
  "mart.opd_ringkasan": OpdRingkasanTable;
  "mart.wilayah_layanan": WilayahLayananTable;
  "meta.angka_terbit": AngkaTerbitTable;
  "meta.revisi": RevisiTable;
}

export type Load = Selectable<LoadsTable>;
