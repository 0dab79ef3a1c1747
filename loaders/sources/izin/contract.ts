// Permit applications (DPMPTSP; SiCantik / OSS-style exports). tanggal_terbit is the date of the
// final decision (issued or refused); an application without one is still open.
import { z } from "zod";
import { field } from "../../ingest/contract.ts";

export const izinContract = z.object({
  no_permohonan: field.text({ required: true, maxLength: 60, aliases: ["nomor permohonan", "no registrasi", "nomor registrasi", "no pendaftaran"] }),
  jenis_izin: field.text({ required: true, maxLength: 200, aliases: ["jenis perizinan", "nama izin", "izin", "jenis layanan"] }),
  tanggal_masuk: field.date({ required: true, notFuture: true, notBefore: "2000-01-01", aliases: ["tgl masuk", "tanggal pengajuan", "tanggal permohonan", "tanggal daftar"] }),
  tanggal_terbit: field.date({ notFuture: true, notBefore: "2000-01-01", aliases: ["tgl terbit", "tanggal selesai", "tanggal keputusan", "tanggal penetapan"] }),
  status: field.enum(
    {
      terbit: ["selesai", "disetujui", "terbit", "diterbitkan", "sk terbit"],
      ditolak: ["tolak", "ditolak", "tidak disetujui"],
      dicabut: ["dibatalkan", "batal", "dicabut", "ditarik pemohon"],
      proses: ["dalam proses", "diproses", "verifikasi", "menunggu", "proses"],
    },
    { required: true, aliases: ["status permohonan", "status izin"] },
  ),
  kode_kecamatan: field.text({ maxLength: 20, aliases: ["kecamatan"] }),
});
