import type { SourceDefinition } from "../../ingest/source.ts";
import { layananContract } from "./contract.ts";

export const layanan: SourceDefinition = {
  name: "layanan",
  title: "Volume layanan per unit",
  contract: layananContract,
  dropped: [],
  rowRules: [
    {
      column: "kode_unit",
      rule: "unit layanan tidak dikenal (tidak ada di data/reference/unit_layanan.csv)",
      failsWhen: `kode_unit NOT IN (SELECT kode_unit FROM ref.unit_layanan)`,
    },
  ],
  unique: [{ column: "kode_unit", rule: "unit yang sama muncul lebih dari sekali untuk periode yang sama", key: ["periode", "kode_unit"] }],
  partition: `periode || '|' || kode_unit`,
  folders: ["layanan", "volume"],
};
