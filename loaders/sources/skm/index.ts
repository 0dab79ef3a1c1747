import type { SourceDefinition } from "../../ingest/source.ts";
import { looseLookup } from "../../ingest/sql.ts";
import { skmContract, UNSUR } from "./contract.ts";

export const skm: SourceDefinition = {
  name: "skm",
  title: "Survei Kepuasan Masyarakat",
  contract: skmContract,
  dropped: [
    { name: "saran", aliases: ["saran dan masukan", "komentar", "masukan", "kritik dan saran"] },
    { name: "nama", aliases: ["nama responden", "nama lengkap"] },
    { name: "nik", aliases: ["no ktp", "nomor induk kependudukan"] },
    { name: "telepon", aliases: ["no hp", "nomor hp", "hp", "no telp", "email", "alamat"] },
  ],
  anyOf: [["kode_unit", "unit_layanan"]],
  derive: {
    kode_unit: `coalesce(kode_unit, ${looseLookup("ref.unit_layanan", "kode_unit", ["nama_unit"], "typed.unit_layanan")})`,
  },
  rowRules: [
    // Reported against the column the export actually has (see skp).
    {
      column: "kode_unit",
      rule: "unit layanan tidak dikenal (tidak ada di data/reference/unit_layanan.csv)",
      failsWhen: `kode_unit IS NOT NULL AND kode_unit NOT IN (SELECT kode_unit FROM ref.unit_layanan)`,
    },
    {
      column: "unit_layanan",
      rule: "unit layanan tidak dikenal (tidak ada di data/reference/unit_layanan.csv)",
      failsWhen: `kode_unit IS NULL`,
    },
    {
      column: "persyaratan",
      rule: "tidak satu pun dari sembilan unsur dijawab",
      failsWhen: UNSUR.map((u) => `${u} IS NULL`).join(" AND "),
    },
  ],
  partition: `kode_unit || '|' || strftime(tanggal, '%Y-%m')`,
  folders: ["skm", "survei", "survey"],
};
