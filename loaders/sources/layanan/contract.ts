// Service volume per unit and period: the population N of the Krejcie-Morgan minimum sample.
import { z } from "zod";
import { field } from "../../ingest/contract.ts";

export const layananContract = z.object({
  periode: field.text({ required: true, pattern: "[0-9]{4}(-S[12])?", patternRule: "periode harus berbentuk 2024 atau 2024-S1" }),
  kode_unit: field.text({ required: true, maxLength: 40, aliases: ["kode unit layanan"] }),
  jumlah_layanan: field.int({ required: true, min: 0, max: 100000000, aliases: ["volume layanan", "jumlah pelayanan"] }),
});
