import type { SourceDefinition } from "../../ingest/source.ts";
import { looseLookup } from "../../ingest/sql.ts";
import { skpContract } from "./contract.ts";

export const skp: SourceDefinition = {
  name: "skp",
  title: "Evaluasi kinerja pegawai (SKP, e-Kinerja)",
  contract: skpContract,
  // Jabatan is recognised but dropped: with the OPD it identifies a person ("Kepala Dinas ...") and
  // so would re-identify an individual rating (UU 14/2008 Pasal 17(h)(4)).
  dropped: [
    { name: "nama", aliases: ["nama pegawai", "nama lengkap", "nama asn"] },
    { name: "nik", aliases: ["no ktp"] },
    { name: "jabatan", aliases: ["nama jabatan", "jabatan pegawai"] },
    { name: "catatan", aliases: ["keterangan", "umpan balik", "feedback"] },
  ],
  anyOf: [["kode_opd", "unit_kerja"]],
  derive: {
    kode_opd: `coalesce(kode_opd, ${looseLookup("ref.opd", "kode_opd", ["nama_opd", "singkatan"], "typed.unit_kerja")})`,
  },
  rowRules: [
    // Reported against the column the export actually has: a kode_opd that is not in the
    // reference, or a unit_kerja name that matches no OPD (kode_opd is then still NULL).
    {
      column: "kode_opd",
      rule: "kode OPD tidak dikenal (tidak ada di data/reference/opd.csv)",
      failsWhen: `kode_opd IS NOT NULL AND kode_opd NOT IN (SELECT kode_opd FROM ref.opd)`,
    },
    {
      column: "unit_kerja",
      rule: "unit kerja tidak dikenal (tidak ada di data/reference/opd.csv)",
      failsWhen: `kode_opd IS NULL`,
    },
  ],
  unique: [{ column: "nip", rule: "NIP yang sama muncul lebih dari sekali dalam periode yang sama", key: ["periode", "nip"] }],
  partition: `periode || '|' || kode_opd`,
  folders: ["skp", "ekinerja", "e-kinerja"],
};
