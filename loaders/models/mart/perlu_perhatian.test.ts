// The sentences and levels of mart.perlu_perhatian from hand-made mart rows (the pure builders).
import { describe, expect, it } from "vitest";
import { dariFunnelIkm, dariFunnelIzin, dariSinyal } from "./perlu_perhatian.ts";

const unit = (periode: string, sinyal: string, ikm: number, extra: Partial<Parameters<typeof dariFunnelIkm>[0][number]> = {}) => ({
  periode,
  kode_unit: "PKM-NARAS",
  kode_opd: "DINKES",
  nama_unit: "Puskesmas Naras",
  jumlah_responden: 152,
  ikm,
  target: 79.04,
  batas_bawah_95: 74.63,
  batas_bawah_998: 72.08,
  sinyal,
  sampel_kecil: false,
  ...extra,
});

describe("IKM funnel rows", () => {
  it("alarm below 99,8%, in the words of the brief", () => {
    expect(dariFunnelIkm([unit("2025-S1", "alarm_rendah", 68.4)])).toEqual([
      {
        periode: "2025-S1",
        jenis: "unit",
        kode: "PKM-NARAS",
        kode_opd: "DINKES",
        tingkat: "alarm",
        alasan: "IKM Puskesmas Naras 68,4 dengan 152 responden, di bawah batas 99,8% (72,1) dari rata-rata unit lain 79,0.",
        bukti: "/perencanaan#funnel-ikm",
        sumber: "ikm_funnel",
      },
    ]);
  });
  it("waspada once is waspada; below 95% two periods running is an alarm", () => {
    const rows = dariFunnelIkm([unit("2024-S2", "waspada_rendah", 73.9), unit("2025-S1", "waspada_rendah", 74.0), unit("2025-S2", "normal", 78)]);
    expect(rows.map((r) => [r.periode, r.tingkat])).toEqual([
      ["2024-S2", "waspada"],
      ["2025-S1", "alarm"],
    ]);
    expect(rows[1].alasan).toBe(
      "IKM Puskesmas Naras 74,0 dengan 152 responden, di bawah batas 95% (74,6) dari rata-rata unit lain 79,0, dua periode berturut-turut (Semester II 2024: 73,9).",
    );
  });
  it("a small sample is never an alarm, and does not escalate the next period", () => {
    const rows = dariFunnelIkm([
      unit("2024", "alarm_rendah", 60, { sampel_kecil: true, jumlah_responden: 12 }),
      unit("2025", "waspada_rendah", 74),
    ]);
    expect(rows.map((r) => r.tingkat)).toEqual(["waspada", "waspada"]);
    expect(rows[0].alasan).toMatch(/dengan 12 responden, .*; sampel kecil \(kurang dari 30 responden\), perlu survei lebih besar sebelum disimpulkan\.$/);
  });
  it("units above the limits are not listed", () => {
    expect(dariFunnelIkm([unit("2025-S1", "alarm_tinggi", 95), unit("2025-S2", "waspada_tinggi", 90)])).toEqual([]);
  });
});

describe("permit funnel rows", () => {
  it("sentence with counts and shares; small types left out", () => {
    const base = { periode: "2025", kode_izin: "PBG", jenis_izin: "Persetujuan Bangunan Gedung", kode_opd: "DPMPTSP", target: 0.9, batas_bawah_95: 0.85, batas_atas_95: 0.95 };
    const rows = dariFunnelIzin([
      { ...base, jumlah: 120, tepat_waktu: 90, proporsi: 0.75, batas_bawah_998: 0.8123, sinyal: "alarm_rendah", sampel_kecil: false },
      { ...base, kode_izin: "SIA", jumlah: 6, tepat_waktu: 1, proporsi: 1 / 6, batas_bawah_998: 0.5, sinyal: "alarm_rendah", sampel_kecil: true },
    ]);
    expect(rows).toEqual([
      {
        periode: "2025",
        jenis: "opd",
        kode: "DPMPTSP",
        kode_opd: "DPMPTSP",
        tingkat: "alarm",
        alasan: "Izin Persetujuan Bangunan Gedung: 90 dari 120 izin terbit tepat waktu (75,0%), di bawah batas 99,8% (81,2%) dari rata-rata semua jenis izin 90,0%.",
        bukti: "/perencanaan#funnel-izin",
        sumber: "izin_funnel",
      },
    ]);
  });
});

describe("control-chart rows", () => {
  const ind = (kode: string, extra: Record<string, unknown>) => ({
    periode: "2025-Q3",
    kode_opd: "DINKES",
    kode_indikator: kode,
    nama_indikator: `Indikator ${kode}`,
    nama_opd: "Dinas Kesehatan",
    nilai: 90,
    garis_tengah: 95,
    luar_3s: null,
    alasan: "9 triwulan berturut-turut di bawah median 95,0 (batas 7)",
    arah: "memburuk",
    opd_ditandai: true,
    opd_alasan: "dua_indikator",
    ...extra,
  });
  it("two worsening runs: two indicator rows and one OPD row, all waspada; improvements are not listed", () => {
    const rows = dariSinyal([ind("DINKES-01", {}), ind("DINKES-02", {}), ind("DINKES-03", { arah: "membaik" })]);
    expect(rows.map((r) => [r.jenis, r.kode, r.tingkat])).toEqual([
      ["indikator", "DINKES-01", "waspada"],
      ["indikator", "DINKES-02", "waspada"],
      ["opd", "DINKES", "waspada"],
    ]);
    expect(rows[2].alasan).toBe("Dinas Kesehatan: 2 indikator memburuk pada Triwulan III 2025 menurut peta kendali (DINKES-01, DINKES-02).");
    expect(rows[0].alasan).toBe("Capaian Indikator DINKES-01 Triwulan III 2025 90,0% (rata-rata dasar 95,0%): 9 triwulan berturut-turut di bawah median 95,0 (batas 7).");
  });
});
