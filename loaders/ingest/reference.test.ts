// Reference files for the report packs: the shipped files load (every indicator declares its
// aggregation, sasaran and Renstra end target), and a bad row is refused with the file, row, column
// and rule in Indonesian.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REFERENCE_DIR, tempDir } from "../../test/helpers.ts";
import { readReference, ReferenceError } from "./reference.ts";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** A copy of data/reference with one file's text replaced. */
function withFile(name: string, edit: (text: string) => string): string {
  const t = tempDir("kinerja-ref-");
  cleanup = t.cleanup;
  for (const f of fs.readdirSync(REFERENCE_DIR)) fs.copyFileSync(path.join(REFERENCE_DIR, f), path.join(t.dir, f));
  const file = path.join(t.dir, name);
  fs.writeFileSync(file, edit(fs.readFileSync(file, "utf8")));
  return t.dir;
}

const lines = (f: string) => fs.readFileSync(path.join(REFERENCE_DIR, f), "utf8").trim().split("\n").length - 1;

describe("report-pack reference data", () => {
  it("the shipped files load: every indicator has an aggregation, a sasaran and a Renstra end target", () => {
    const ref = readReference(REFERENCE_DIR);
    const n = lines("indikator.csv");
    expect(ref.indikator).toHaveLength(n);
    for (const t of ["agregasi_indikator", "sasaran_indikator", "target_renstra"]) expect(ref[t].map((r) => r.kode_indikator).sort()).toEqual(ref.indikator.map((r) => r.kode_indikator).sort());
    expect(new Set(ref.agregasi_indikator.map((r) => r.agregasi))).toEqual(new Set(["kumulatif", "nilai_terakhir", "rasio"]));
    expect(ref.opd_profil).toHaveLength(lines("opd.csv"));
    expect(ref.penandatangan.find((r) => r.kode_opd === "KOTA")).toMatchObject({ tempat: "Pariaman", jabatan: "Wali Kota Pariaman" });
    expect(ref.target_renstra[0]).toMatchObject({ periode_renstra: "2021-2026", tahun_akhir: 2026 });
    expect(ref.standar_nasional.every((r) => typeof r.nilai === "number")).toBe(true);
  });

  it("an unknown aggregation is refused naming file, row, column and the allowed values", () => {
    const dir = withFile("agregasi_indikator.csv", (t) => t.replace(/^(BPKD-01),kumulatif$/m, "$1,rata-rata"));
    const row = fs.readFileSync(path.join(dir, "agregasi_indikator.csv"), "utf8").split("\n").findIndex((l) => l.startsWith("BPKD-01,")) + 1;
    expect(() => readReference(dir)).toThrow(ReferenceError);
    expect(() => readReference(dir)).toThrow(`agregasi_indikator.csv: baris ${row}, kolom agregasi: agregasi harus kumulatif, nilai_terakhir atau rasio`);
  });

  it("a signatory of an unknown OPD is refused; KOTA is the city's", () => {
    const dir = withFile("penandatangan.csv", (t) => `${t.trimEnd()}\nDINAS-X,Pariaman,Kepala Dinas X,Nama\n`);
    expect(() => readReference(dir)).toThrow(/penandatangan\.csv: baris 5, kolom kode_opd: DINAS-X tidak ada di opd\.csv \(atau KOTA\)/);
  });

  it("a Renstra period that is not yyyy-yyyy and a target that is not a number are refused", () => {
    const a = withFile("target_renstra.csv", (t) => t.replace("SETDA-01,2021-2026,", "SETDA-01,2021/2026,"));
    expect(() => readReference(a)).toThrow(/target_renstra\.csv: baris 2, kolom periode_renstra: periode_renstra harus tttt-tttt/);
    cleanup?.();
    const b = withFile("target_renstra.csv", (t) => t.replace(/^(SETDA-02,2021-2026,2026),70,/m, "$1,tujuh puluh,"));
    expect(() => readReference(b)).toThrow(/target_renstra\.csv: baris 3, kolom target: bukan angka/);
  });
});
