import type { SourceDefinition } from "../../ingest/source.ts";
import { looseLookup } from "../../ingest/sql.ts";
import { izinContract } from "./contract.ts";

export const izin: SourceDefinition = {
  name: "izin",
  title: "Permohonan izin (DPMPTSP)",
  contract: izinContract,
  dropped: [
    { name: "nama_pemohon", aliases: ["nama", "pemohon", "nama perusahaan"] },
    { name: "nik", aliases: ["nik pemohon", "no ktp"] },
    { name: "alamat", aliases: ["alamat pemohon", "alamat usaha", "no hp", "email", "npwp"] },
    { name: "keterangan", aliases: ["catatan"] },
  ],
  derive: {
    kode_izin: looseLookup("ref.jenis_izin", "kode_izin", ["kode_izin", "jenis_izin"], "typed.jenis_izin"),
  },
  rowRules: [
    {
      column: "jenis_izin",
      rule: "jenis izin tidak ada di data/reference/jenis_izin.csv",
      failsWhen: `kode_izin IS NULL`,
    },
    {
      column: "tanggal_terbit",
      rule: "tanggal terbit sebelum tanggal masuk",
      failsWhen: `tanggal_terbit < tanggal_masuk`,
    },
    {
      column: "tanggal_terbit",
      rule: "permohonan yang terbit atau ditolak harus punya tanggal keputusan",
      failsWhen: `status IN ('terbit', 'ditolak') AND tanggal_terbit IS NULL`,
    },
    {
      column: "kode_kecamatan",
      rule: "kode kecamatan tidak ada di data/reference/wilayah.csv",
      failsWhen: `kode_kecamatan IS NOT NULL AND kode_kecamatan NOT IN (SELECT kode FROM ref.wilayah WHERE tingkat = 'kecamatan')`,
    },
  ],
  unique: [{ column: "no_permohonan", rule: "nomor permohonan muncul lebih dari sekali dalam berkas", key: ["no_permohonan"] }],
  // A monthly export replaces the applications received in that month.
  partition: `strftime(tanggal_masuk, '%Y-%m')`,
  folders: ["izin", "perizinan", "sicantik", "oss"],
};
