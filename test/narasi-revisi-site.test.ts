// Page data of items 5, 7 and 8 from a real warehouse file: the OPD archive carries the automatic
// sentence, the commentary as text blocks (a file with a NIP withheld) and the revision of a corrected
// figure; /kualitas-data lists the red indicator without commentary and the revisions; /wilayah
// carries the four kecamatan with their desa/kelurahan.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { csvParse } from "d3-dsv";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Warehouse } from "../loaders/warehouse/connection.ts";
import { readReference, writeReference } from "../loaders/ingest/reference.ts";
import { runTransform } from "../loaders/pipeline.ts";
import { iku } from "../loaders/sources/iku/index.ts";
import { load, REFERENCE_DIR, ROOT, silentEnv, tempDir, writeFile } from "./helpers.ts";

const HEADER = "Tahun;Triwulan;Kode OPD;Kode Indikator;Target;Realisasi";
const T1 = new Date("2026-01-15T03:00:00Z");
const T2 = new Date("2026-02-02T04:30:00Z");
let tmp: ReturnType<typeof tempDir>;
let db = "";
let narasiDir = "";

function runLoader(file: string): Buffer {
  return execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "data", file)], {
    cwd: ROOT,
    env: { ...process.env, KINERJA_DB: db, KINERJA_NARASI: narasiDir, KINERJA_DEMO: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

beforeAll(async () => {
  tmp = tempDir();
  db = path.join(tmp.dir, "wh.duckdb");
  narasiDir = path.join(tmp.dir, "narasi");
  const wh = await Warehouse.open({ path: db });
  try {
    await wh.transaction(() => writeReference(wh, readReference(REFERENCE_DIR)));
    await load(wh, iku, writeFile(tmp.dir, "a.csv", [HEADER, "2024;1;SETDA;SETDA-01;66,5;64,25", "2024;1;SETDA;SETDA-02;70;70", "2024;1;BPKD;BPKD-01;90-100;10"].join("\n")));
    await runTransform(wh, { ...silentEnv(), now: () => T1 });
    await load(wh, iku, writeFile(tmp.dir, "b.csv", [HEADER, "2024;1;SETDA;SETDA-01;66,5;65,5", "2024;1;SETDA;SETDA-02;70;70"].join("\n")));
    await runTransform(wh, { ...silentEnv(), now: () => T2 });
  } finally {
    wh.close();
  }
  writeFile(narasiDir, "SETDA/2024-Q1.md", "Ringkasan <b>SAKIP</b>.\n\n## Faktor penghambat\n- Data terlambat.\n- Rapat tertunda.\n");
  writeFile(narasiDir, "BPKD/2024-Q1.md", "Pegawai NIP 198501012010011001 terlambat.");
}, 120_000);
afterAll(() => tmp?.cleanup());

it("OPD archive: automatic sentence, commentary blocks, withheld commentary, revision", async () => {
  const zip = await JSZip.loadAsync(runLoader("opd.zip.ts"));
  const setda = JSON.parse(await zip.file("SETDA.json")!.async("string"));
  // SETDA-01 65,5/66,5 = 98,50 (hampir), SETDA-02 70/70 = 100 (tercapai): mean 99,25 -> 99,3;
  // the catalogue's other SETDA indicators are belum lapor.
  const n = csvParse(fs.readFileSync(path.join(REFERENCE_DIR, "indikator.csv"), "utf8")).filter((r) => r.kode_opd === "SETDA").length;
  expect(setda.kalimat["2024-Q1"]).toBe(
    `Capaian IKU Sekretariat Daerah 99,3% pada Triwulan I 2024 (belum ada periode pembanding); 1 dari ${n} indikator belum tercapai dan ${n - 2} belum lapor.`,
  );
  expect(setda.narasi).toEqual([
    {
      periode: "2024-Q1",
      ringkasan: [{ jenis: "p", teks: "Ringkasan <b>SAKIP</b>." }],
      bagian: [{ judul: "Faktor penghambat", blok: [{ jenis: "ul", butir: ["Data terlambat.", "Rapat tertunda."] }] }],
    },
  ]);
  expect(setda.revisi.map((r: Record<string, unknown>) => [r.periode, r.kode, r.kolom, r.nilai_lama, r.nilai_baru, r.tanggal])).toEqual([
    ["2024-Q1", "SETDA-01", "capaian", 96.62, 98.5, T2.toISOString()],
    ["2024-Q1", "SETDA-01", "realisasi", 64.25, 65.5, T2.toISOString()],
  ]);
  const bpkd = JSON.parse(await zip.file("BPKD.json")!.async("string"));
  expect(JSON.stringify(bpkd.narasi)).not.toContain("198501012010011001");
  expect(bpkd.narasi[0].ringkasan[0].teks).toMatch(/ditahan/);
  expect(bpkd.revisi).toEqual([]);
}, 60_000);

it("kualitas-data: the red indicator whose commentary is withheld, and both revisions", () => {
  const d = JSON.parse(runLoader("kualitas.json.ts").toString("utf8"));
  // BPKD-01 cumulative 90-100: TW1 target 22,5-25; 10 < 22,5 -> 10/22,5 = 44,44 (tidak tercapai).
  expect(d.tanpaNarasi.map((r: Record<string, unknown>) => [r.periode, r.kode_indikator, r.capaian, r.ditahan])).toEqual([["2024-Q1", "BPKD-01", 44.44, true]]);
  expect(d.revisi.map((r: Record<string, unknown>) => [r.angka, r.load_lama, r.load_baru])).toEqual([
    ["Capaian IKU (%)", [1], [2]],
    ["Realisasi IKU", [1], [2]],
  ]);
}, 60_000);

it("wilayah: four kecamatan with their desa/kelurahan from the reference data", () => {
  const d = JSON.parse(runLoader("wilayah.json.ts").toString("utf8"));
  const wilayah = csvParse(fs.readFileSync(path.join(REFERENCE_DIR, "wilayah.csv"), "utf8"));
  expect(d.kecamatan.map((k: { nama: string }) => k.nama)).toEqual(["Pariaman Tengah", "Pariaman Utara", "Pariaman Selatan", "Pariaman Timur"]);
  expect(d.kecamatan.reduce((s: number, k: { desa: unknown[] }) => s + k.desa.length, 0)).toBe(wilayah.filter((r) => r.tingkat === "desa" || r.tingkat === "kelurahan").length);
  expect(d.baris).toEqual([]); // no survey, permit or complaint loaded
}, 60_000);
