// Complaints from SP4N-LAPOR!: dates of receipt, first response and completion, by class.
import { z } from "zod";
import { field } from "../../ingest/contract.ts";

export const pengaduanContract = z.object({
  nomor_tiket: field.text({ required: true, maxLength: 60, aliases: ["no tiket", "id laporan", "nomor laporan", "tracking id"] }),
  tanggal_masuk: field.date({ required: true, notFuture: true, notBefore: "2000-01-01", aliases: ["tanggal laporan", "tgl masuk", "tanggal dibuat"] }),
  kode_opd: field.text({ required: true, maxLength: 40, aliases: ["instansi tujuan", "kode instansi", "opd", "disposisi"] }),
  klasifikasi: field.enum(
    {
      informasi: ["permintaan informasi", "info"],
      sederhana: ["pengaduan sederhana", "aduan", "pengaduan"],
      investigasi: ["pengaduan investigasi", "perlu investigasi", "investigasi"],
      lapangan: ["pemeriksaan lapangan", "perlu pemeriksaan lapangan", "cek lapangan"],
    },
    { required: true, aliases: ["kategori", "jenis laporan", "klasifikasi laporan"] },
  ),
  tanggal_tindak_lanjut: field.date({ notFuture: true, notBefore: "2000-01-01", aliases: ["tanggal tanggapan", "tanggal respon pertama", "tgl tindak lanjut"] }),
  tanggal_selesai: field.date({ notFuture: true, notBefore: "2000-01-01", aliases: ["tgl selesai", "tanggal ditutup"] }),
  status: field.enum(
    {
      selesai: ["selesai", "ditutup", "closed"],
      proses: ["proses", "diproses", "ditindaklanjuti", "menunggu", "open"],
      arsip: ["diarsipkan", "ditolak", "tidak valid"],
    },
    { required: true, aliases: ["status laporan"] },
  ),
  kode_kecamatan: field.text({ maxLength: 20, aliases: ["kecamatan"] }),
});
