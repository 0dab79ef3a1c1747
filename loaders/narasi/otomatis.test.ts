import { describe, expect, it } from "vitest";
import { hitungStatus, kalimatOpd, type RingkasanIku } from "./otomatis.ts";

const q = (periode: string, rata: number | null, n: number, ok: number, not: number, lapor: number): RingkasanIku => ({
  periode,
  rata_capaian: rata,
  jumlah_indikator: n,
  tercapai: ok,
  belum_tercapai: not,
  belum_lapor: lapor,
});

describe("kalimatOpd", () => {
  it("rise against the previous quarter, some not achieved (the issue's example)", () => {
    // 94,12 -> 94,1 and 87,94 -> 87,9: 94,1 - 87,9 = 6,2 points
    expect(kalimatOpd({ nama_opd: "Dinas Kesehatan", sekarang: q("2025-Q3", 94.12, 9, 7, 2, 0), sebelum: q("2025-Q2", 87.94, 9, 5, 4, 0) })).toBe(
      "Capaian IKU Dinas Kesehatan naik 6,2 poin menjadi 94,1% pada Triwulan III 2025; 2 dari 9 indikator belum tercapai.",
    );
  });

  it("fall, with thousands separators and indicators not yet reported", () => {
    expect(kalimatOpd({ nama_opd: "Bappeda", sekarang: q("2024", 101.5, 4, 1, 2, 1), sebelum: q("2023", 104, 4, 3, 1, 0) })).toBe(
      "Capaian IKU Bappeda turun 2,5 poin menjadi 101,5% pada Tahun 2024; 2 dari 4 indikator belum tercapai dan 1 belum lapor.",
    );
  });

  it("first period: no previous one to compare", () => {
    expect(kalimatOpd({ nama_opd: "Dinas Sosial", sekarang: q("2024-Q1", 88, 3, 1, 2, 0), sebelum: null })).toBe(
      "Capaian IKU Dinas Sosial 88,0% pada Triwulan I 2024 (belum ada periode pembanding); 2 dari 3 indikator belum tercapai.",
    );
    // A previous period with nothing computable counts as none.
    expect(kalimatOpd({ nama_opd: "Dinas Sosial", sekarang: q("2024-Q2", 88, 3, 1, 2, 0), sebelum: q("2024-Q1", null, 3, 0, 0, 3) })).toContain("belum ada periode pembanding");
  });

  it("no change when the printed values are equal", () => {
    // 95,04 and 94,96 both print as 95,0
    expect(kalimatOpd({ nama_opd: "Inspektorat", sekarang: q("2025-Q2", 95.04, 2, 1, 1, 0), sebelum: q("2025-Q1", 94.96, 2, 1, 1, 0) })).toBe(
      "Capaian IKU Inspektorat tetap 95,0% pada Triwulan II 2025; 1 dari 2 indikator belum tercapai.",
    );
  });

  it("all achieved, and all reported achieved with some missing", () => {
    expect(kalimatOpd({ nama_opd: "BKPSDM", sekarang: q("2025-Q4", 110, 5, 5, 0, 0), sebelum: q("2025-Q3", 100, 5, 5, 0, 0) })).toBe(
      "Capaian IKU BKPSDM naik 10,0 poin menjadi 110,0% pada Triwulan IV 2025; semua 5 indikator tercapai.",
    );
    expect(kalimatOpd({ nama_opd: "BKPSDM", sekarang: q("2025-Q4", 110, 5, 4, 0, 1) })).toBe(
      "Capaian IKU BKPSDM 110,0% pada Triwulan IV 2025 (belum ada periode pembanding); semua indikator yang dilaporkan tercapai (4 dari 5), 1 belum lapor.",
    );
  });

  it("nothing reported, nothing in the catalogue, no target", () => {
    expect(kalimatOpd({ nama_opd: "Dinas Perhubungan", sekarang: q("2025-Q1", null, 6, 0, 0, 6) })).toBe(
      "Dinas Perhubungan belum melaporkan realisasi IKU untuk Triwulan I 2025 (6 indikator belum lapor).",
    );
    expect(kalimatOpd({ nama_opd: "Kecamatan Pariaman Tengah", sekarang: q("2025", null, 0, 0, 0, 0) })).toBe(
      "Kecamatan Pariaman Tengah belum memiliki IKU dalam katalog indikator untuk Tahun 2025.",
    );
    expect(kalimatOpd({ nama_opd: "Satpol PP", sekarang: q("2025-Q1", null, 2, 0, 0, 0) })).toBe(
      "Capaian IKU Satpol PP pada Triwulan I 2025 belum dapat dihitung karena indikator yang dilaporkan belum memiliki target.",
    );
  });

  it("counts statuses of mart rows", () => {
    expect(
      hitungStatus([{ status: "tercapai" }, { status: "hampir tercapai" }, { status: "tidak tercapai" }, { status: "belum lapor" }, { status: "tanpa target" }]),
    ).toEqual({ jumlah_indikator: 5, tercapai: 1, belum_tercapai: 2, belum_lapor: 1 });
  });
});
