// Survei Kepuasan Masyarakat responses (PermenPANRB 14/2017). The nine unsur are matched by name;
// U1..U9 follow the regulation's order (U8 pengaduan, U9 sarana), which many questionnaires swap.
import { z } from "zod";
import { field } from "../../ingest/contract.ts";

const answer = (aliases: string[], description: string) => field.int({ min: 1, max: 4, aliases, description });

export const skmContract = z.object({
  tanggal: field.date({
    required: true,
    notFuture: true,
    notBefore: "2000-01-01",
    aliases: ["tanggal survei", "tgl", "tanggal pengisian", "waktu pengisian"],
    description: "Tanggal responden mengisi survei",
  }),
  kode_unit: field.text({ maxLength: 40, aliases: ["kode unit layanan", "id unit"], description: "Kode unit layanan" }),
  unit_layanan: field.text({ maxLength: 200, aliases: ["nama unit", "unit", "nama unit layanan"], description: "Nama unit layanan" }),
  jenis_layanan: field.text({ maxLength: 200, aliases: ["layanan", "jenis pelayanan"], description: "Jenis layanan yang diterima" }),
  persyaratan: answer(["U1", "Persyaratan Pelayanan"], "U1 Persyaratan"),
  prosedur: answer(["U2", "Sistem, Mekanisme, dan Prosedur", "Sistem Mekanisme Prosedur", "Prosedur Pelayanan"], "U2 Sistem, Mekanisme, dan Prosedur"),
  waktu: answer(["U3", "Waktu Penyelesaian", "Waktu Pelayanan"], "U3 Waktu Penyelesaian"),
  biaya: answer(["U4", "Biaya/Tarif", "Tarif", "Biaya Tarif"], "U4 Biaya/Tarif"),
  produk: answer(["U5", "Produk Spesifikasi Jenis Pelayanan", "Produk Layanan"], "U5 Produk Spesifikasi Jenis Pelayanan"),
  kompetensi: answer(["U6", "Kompetensi Pelaksana"], "U6 Kompetensi Pelaksana"),
  perilaku: answer(["U7", "Perilaku Pelaksana"], "U7 Perilaku Pelaksana"),
  pengaduan: answer(["U8", "Penanganan Pengaduan, Saran dan Masukan", "Penanganan Pengaduan"], "U8 Penanganan Pengaduan, Saran dan Masukan"),
  sarana: answer(["U9", "Sarana dan Prasarana", "Sarana Prasarana"], "U9 Sarana dan Prasarana"),
  jenis_kelamin: field.enum({ L: ["laki-laki", "laki laki", "pria", "1"], P: ["perempuan", "wanita", "2"] }, { aliases: ["jk", "gender", "sex"] }),
  umur: field.int({ min: 10, max: 120, aliases: ["usia"] }),
  pendidikan: field.text({ maxLength: 60, aliases: ["pendidikan terakhir"] }),
  pekerjaan: field.text({ maxLength: 60, aliases: ["pekerjaan utama"] }),
});

export const UNSUR = ["persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan", "sarana"] as const;
