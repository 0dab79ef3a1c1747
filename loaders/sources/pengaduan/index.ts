import type { SourceDefinition } from "../../ingest/source.ts";
import { pengaduanContract } from "./contract.ts";

export const pengaduan: SourceDefinition = {
  name: "pengaduan",
  title: "Pengaduan masyarakat (SP4N-LAPOR!)",
  contract: pengaduanContract,
  dropped: [
    { name: "nama_pelapor", aliases: ["nama", "pelapor"] },
    { name: "nik", aliases: ["nik pelapor", "no ktp", "no hp", "email"] },
    { name: "isi_laporan", aliases: ["isi", "judul", "judul laporan", "uraian", "isi pengaduan", "tanggapan"] },
  ],
  rowRules: [
    {
      column: "kode_opd",
      rule: "kode OPD tidak dikenal (tidak ada di data/reference/opd.csv)",
      failsWhen: `kode_opd NOT IN (SELECT kode_opd FROM ref.opd)`,
    },
    {
      column: "tanggal_tindak_lanjut",
      rule: "tanggal tindak lanjut sebelum tanggal masuk",
      failsWhen: `tanggal_tindak_lanjut < tanggal_masuk`,
    },
    {
      column: "tanggal_selesai",
      rule: "tanggal selesai sebelum tanggal masuk",
      failsWhen: `tanggal_selesai < tanggal_masuk`,
    },
    {
      column: "tanggal_selesai",
      rule: "laporan selesai harus punya tanggal selesai",
      failsWhen: `status = 'selesai' AND tanggal_selesai IS NULL`,
    },
    {
      column: "kode_kecamatan",
      rule: "kode kecamatan tidak ada di data/reference/wilayah.csv",
      failsWhen: `kode_kecamatan IS NOT NULL AND kode_kecamatan NOT IN (SELECT kode FROM ref.wilayah WHERE tingkat = 'kecamatan')`,
    },
  ],
  unique: [{ column: "nomor_tiket", rule: "nomor tiket muncul lebih dari sekali dalam berkas", key: ["nomor_tiket"] }],
  partition: `strftime(tanggal_masuk, '%Y-%m')`,
  folders: ["pengaduan", "lapor", "sp4n-lapor", "aduan"],
};
