import type { SourceDefinition } from "../../ingest/source.ts";
import { ikuContract } from "./contract.ts";

const RANGE = `'^\\s*([0-9.,]+)\\s*[-–]\\s*([0-9.,]+)\\s*$'`;

export const iku: SourceDefinition = {
  name: "iku",
  title: "Realisasi Indikator Kinerja Utama (IKU)",
  contract: ikuContract,
  dropped: [{ name: "keterangan", aliases: ["catatan", "penjelasan"] }],
  derive: {
    // "80-90" is a range target (polaritas rentang); anything else a single number.
    target_nilai: `CASE WHEN regexp_matches(target, ${RANGE}) THEN kp_number(regexp_extract(target, ${RANGE}, 1)) ELSE kp_number(target) END`,
    target_atas: `CASE WHEN regexp_matches(target, ${RANGE}) THEN kp_number(regexp_extract(target, ${RANGE}, 2)) END`,
  },
  deriveTypes: { target_nilai: "DOUBLE", target_atas: "DOUBLE" },
  rowRules: [
    {
      column: "kode_opd",
      rule: "kode OPD tidak dikenal (tidak ada di data/reference/opd.csv)",
      failsWhen: `kode_opd NOT IN (SELECT kode_opd FROM ref.opd)`,
    },
    {
      column: "kode_indikator",
      rule: "kode indikator tidak ada di katalog (data/reference/indikator.csv)",
      failsWhen: `kode_indikator NOT IN (SELECT kode_indikator FROM ref.indikator)`,
    },
    {
      column: "kode_indikator",
      rule: "indikator ini milik OPD lain menurut katalog",
      failsWhen: `kode_indikator IN (SELECT kode_indikator FROM ref.indikator)
        AND NOT EXISTS (SELECT 1 FROM ref.indikator r WHERE r.kode_indikator = derived.kode_indikator AND r.kode_opd = derived.kode_opd)`,
    },
    {
      column: "target",
      rule: "target bukan angka atau rentang (contoh: 95 atau 80-90)",
      failsWhen: `target IS NOT NULL AND target_nilai IS NULL`,
    },
  ],
  unique: [{ column: "kode_indikator", rule: "indikator yang sama muncul lebih dari sekali untuk tahun dan triwulan yang sama", key: ["tahun", "triwulan", "kode_indikator"] }],
  partition: `tahun || '-' || coalesce(CAST(triwulan AS VARCHAR), 'T') || '|' || kode_opd`,
  folders: ["iku", "esakip", "e-sakip", "realisasi"],
};
