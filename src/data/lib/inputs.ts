// What each data loader of src/data reads, besides its own code (found by following its imports):
// the warehouse tables, the query results that stand for a table it only summarises, and project
// folders. `kinerja build` (loaders/site-cache.ts) reruns a loader only when one of these, or its
// code, changed. loaders/site-cache.test.ts runs every loader with query logging and fails when a
// loader touches a table not declared here; a loader missing from this list always reruns.
import { DEMO_SQL } from "./warehouse.ts";

export interface LoaderInputs {
  /** Warehouse tables read, "schema.table", or "schema.*" for every table of a schema. */
  tables: string[];
  /** Queries whose result is all the loader takes from the tables they read (siteMeta's demo flag). */
  queries: string[];
  /** Project folders read (relative to the root; KINERJA_NARASI moves data/narasi). */
  folders?: string[];
}

/** Every loader calls siteMeta: the demo flag (a summary of meta.loads) is an input of all of them. */
const META = [DEMO_SQL];

export const LOADER_INPUTS: Record<string, LoaderInputs> = {
  "kualitas.json.ts": {
    tables: [
      "meta.loads",
      "quarantine.*",
      "meta.revisi",
      "mart.indikator_capaian",
      "mart.ikm_unit",
      "mart.izin_sla",
      "mart.pengaduan_opd",
      "ref.opd",
      "ref.indikator",
      "ref.unit_layanan",
      "ref.jenis_izin",
    ],
    queries: META,
    folders: ["data/narasi"],
  },
  "laporan.md.ts": { tables: ["mart.indikator_capaian", "ref.opd"], queries: META },
  "laporan.zip.ts": {
    tables: [
      "meta.loads",
      "core.periode",
      "core.pengaduan_tiket",
      "mart.indikator_capaian",
      "mart.opd_ringkasan",
      "mart.ikm_unit",
      "mart.indikator_sinyal",
      "mart.izin_sla",
      "mart.pengaduan_opd",
      "mart.perlu_perhatian",
      "mart.skp_predikat",
      "ref.*",
    ],
    queries: META,
    folders: ["data/narasi"],
  },
  "layanan.json.ts": {
    tables: ["mart.ikm_unit", "mart.ikm_opd", "mart.izin_sla", "mart.pengaduan_opd", "ref.unit_layanan", "ref.opd", "ref.wilayah", "ref.jenis_izin"],
    queries: META,
  },
  "opd.zip.ts": {
    tables: [
      "mart.indikator_capaian",
      "mart.ikm_unit",
      "mart.skp_predikat",
      "mart.izin_sla",
      "mart.pengaduan_opd",
      "mart.opd_ringkasan",
      "meta.revisi",
      "ref.opd",
      "ref.indikator",
      "ref.unit_layanan",
      "ref.wilayah",
      "ref.jenis_izin",
    ],
    queries: META,
    folders: ["data/narasi"],
  },
  "perencanaan.json.ts": {
    tables: [
      "mart.ikm_funnel",
      "mart.ikm_peringkat",
      "mart.izin_funnel",
      "mart.indikator_sinyal",
      "mart.ikm_perubahan",
      "mart.predikat_kesesuaian",
      "mart.perlu_perhatian",
      "ref.indikator",
      "ref.opd",
      "ref.unit_layanan",
    ],
    queries: META,
  },
  "site.json.ts": {
    tables: ["mart.opd_ringkasan", "mart.skp_predikat", "mart.indikator_capaian", "mart.perlu_perhatian", "ref.opd", "ref.status_capaian"],
    queries: META,
  },
  "wilayah.json.ts": { tables: ["mart.wilayah_layanan", "ref.wilayah", "ref.unit_layanan", "ref.opd"], queries: META },
};
