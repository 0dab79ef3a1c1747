// e-Kinerja (BKN) SKP evaluation export: one row per employee per period (PermenPANRB 6/2022).
import { z } from "zod";
import { field } from "../../ingest/contract.ts";

const ekspektasi = {
  "Di Atas Ekspektasi": ["diatas ekspektasi", "di atas", "diatas", "atas"],
  "Sesuai Ekspektasi": ["sesuai", "sesuai ekspektasi"],
  "Di Bawah Ekspektasi": ["dibawah ekspektasi", "di bawah", "dibawah", "bawah"],
};

export const PERIODE_PATTERN = "[0-9]{4}(-(Q[1-4]|S[12]|0[1-9]|1[0-2]))?";
export const PERIODE_RULE = "periode harus berbentuk 2024, 2024-S1, 2024-Q3 atau 2024-03";

export const skpContract = z.object({
  periode: field.text({ required: true, pattern: PERIODE_PATTERN, patternRule: PERIODE_RULE, aliases: ["periode penilaian"] }),
  nip: field.text({
    required: true,
    compact: true,
    // The last three digits are the serial (nomor urut), which starts at 001. A NIP ending in 000 is
    // almost always one Excel rounded to 15 significant digits: another person's number, not this one.
    pattern: "[0-9]{15}(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})",
    patternRule: "NIP harus 18 angka dan tidak berakhir 000 (nomor urut mulai 001; angka 000 biasanya NIP yang dibulatkan Excel)",
    personal: "pseudonymise",
    aliases: ["nip pegawai", "nomor induk pegawai", "nip/ni pppk", "ni pppk"],
  }),
  jenis_asn: field.enum({ PNS: ["pegawai negeri sipil"], PPPK: ["p3k", "pegawai pemerintah dengan perjanjian kerja"] }, { required: true, aliases: ["jenis pegawai", "status pegawai"] }),
  kode_opd: field.text({ maxLength: 40, aliases: ["kode unit kerja", "kode instansi"] }),
  unit_kerja: field.text({ maxLength: 200, aliases: ["nama unit kerja", "opd", "perangkat daerah", "unor"] }),
  hasil_kerja: field.enum(ekspektasi, { required: true, aliases: ["rating hasil kerja", "hasil"] }),
  perilaku_kerja: field.enum(ekspektasi, { required: true, aliases: ["rating perilaku kerja", "perilaku"] }),
  predikat: field.enum(
    {
      "Sangat Baik": ["sangat baik"],
      Baik: ["baik"],
      "Butuh Perbaikan": ["butuh perbaikan", "perlu perbaikan"],
      Kurang: ["kurang"],
      "Sangat Kurang": ["sangat kurang"],
    },
    { aliases: ["predikat kinerja", "predikat kinerja pegawai"] },
  ),
});
