// IKU / Perjanjian Kinerja realisations (e-SAKIP or spreadsheets): one row per indicator per
// quarter (realisation to date) or per year (triwulan empty). An empty realisasi is "belum lapor".
import { z } from "zod";
import { field } from "../../ingest/contract.ts";

export const ikuContract = z.object({
  tahun: field.int({ required: true, min: 2000, max: 2100, aliases: ["tahun anggaran"] }),
  triwulan: field.int({ min: 1, max: 4, aliases: ["tw", "periode triwulan"] }),
  kode_opd: field.text({ required: true, maxLength: 40, aliases: ["kode perangkat daerah", "opd"] }),
  kode_indikator: field.text({ required: true, maxLength: 40, aliases: ["kode iku", "id indikator"] }),
  target: field.text({ maxLength: 40, aliases: ["target tahunan"] }),
  realisasi: field.decimal({ aliases: ["capaian realisasi", "realisasi s.d. triwulan", "nilai realisasi"] }),
});
