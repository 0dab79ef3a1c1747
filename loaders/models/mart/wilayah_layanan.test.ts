// mart.wilayah_layanan on hand-made core rows: respondent-weighted IKM per kecamatan, permits and
// complaints by their own kecamatan, every kecamatan in every period, the rest under "Tanpa kecamatan".
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Warehouse } from "../../warehouse/connection.ts";
import { memoryWarehouse } from "../../../test/helpers.ts";
import { MODELS_DIR } from "../run.ts";

const sql = (f: string) => fs.readFileSync(path.join(MODELS_DIR, f), "utf8");
let wh: Warehouse;
type Row = Record<string, unknown>;
let rows: Row[];

beforeAll(async () => {
  wh = await memoryWarehouse();
  await wh.exec(sql("macros.sql"));
  await wh.exec(`CREATE TABLE core.periode AS ${sql("core/periode.sql")}`);
  await wh.exec(`CREATE TABLE mart.ikm_unit AS SELECT * FROM (VALUES
    ('2025-S1', 'PKM-NARAS', 100, 80.0), ('2025-S1', 'PKM-SIKAPAK', 50, 90.0), ('2025-S1', 'PKM-PARIAMAN', 10, 70.0),
    ('2025-S2', 'PKM-MARUNGGI', 20, 95.0)) t(periode, kode_unit, jumlah_responden, ikm)`);
  // Funnel signals: PKM-PARIAMAN's alarm does not count (small sample).
  await wh.exec(`CREATE TABLE mart.ikm_funnel AS SELECT * FROM (VALUES
    ('2025-S1', 'PKM-NARAS', 'alarm_rendah', false), ('2025-S1', 'PKM-SIKAPAK', 'waspada_rendah', false),
    ('2025-S1', 'PKM-PARIAMAN', 'alarm_rendah', true), ('2025-S2', 'PKM-MARUNGGI', 'normal', false)) t(periode, kode_unit, sinyal, sampel_kecil)`);
  await wh.exec(`CREATE TABLE core.izin_permohonan AS SELECT kode_kecamatan, CAST(tanggal_masuk AS DATE) AS tanggal_masuk,
      CAST(tanggal_terbit AS DATE) AS tanggal_terbit, status, tepat_waktu FROM (VALUES
    ('13.77.01', '2025-01-10', '2025-01-20', 'terbit', true),
    ('13.77.01', '2025-02-10', '2025-04-05', 'terbit', false),
    ('13.77.01', '2025-03-01', NULL, 'proses', NULL),
    (NULL, '2025-05-05', '2025-05-06', 'terbit', true)) t(kode_kecamatan, tanggal_masuk, tanggal_terbit, status, tepat_waktu)`);
  await wh.exec(`CREATE TABLE core.pengaduan_tiket AS SELECT kode_kecamatan, CAST(tanggal_masuk AS DATE) AS tanggal_masuk, selesai_tepat_waktu FROM (VALUES
    ('13.77.02', '2025-01-05', true), ('13.77.02', '2025-02-05', false), ('13.77.02', '2025-07-01', true),
    ('13.77.03', '2024-12-30', true)) t(kode_kecamatan, tanggal_masuk, selesai_tepat_waktu)`);
  await wh.exec(`CREATE TABLE mart.wilayah_layanan AS ${sql("mart/wilayah_layanan.sql")}`);
  rows = await wh.query(`SELECT * FROM mart.wilayah_layanan`);
});
afterAll(() => wh?.close());

const cols = ["kode_kecamatan", "nama_kecamatan", "jumlah_unit", "jumlah_responden", "ikm", "mutu", "izin_masuk", "izin_terbit", "persen_izin_tepat_waktu", "aduan_masuk", "persen_aduan_selesai_tepat_waktu"];
const of = (periode: string) => rows.filter((r) => r.periode === periode).map((r) => cols.map((c) => r[c]));

it("a semester: weighted IKM (100 x 80 + 50 x 90) / 150 = 83,33; permits issued 2, on time 1; complaints 2, on time 1", () => {
  expect(of("2025-S1")).toEqual([
    ["13.77.01", "Pariaman Tengah", 1, 10, 70, "C", 3, 2, 50, 0, null],
    ["13.77.02", "Pariaman Utara", 2, 150, 83.33, "B", 0, 0, null, 2, 50],
    ["13.77.03", "Pariaman Selatan", 0, 0, null, null, 0, 0, null, 0, null],
    ["13.77.04", "Pariaman Timur", 0, 0, null, null, 0, 0, null, 0, null],
    [null, "Tanpa kecamatan", 0, 0, null, null, 1, 1, 100, 0, null],
  ]);
});

it("quarters count a permit where it was received and where it was decided; years; complaints 2 of 3 = 66,7%", () => {
  const izin = (p: string) => of(p).map((r) => [r[0], r[6], r[7], r[8]]);
  expect(izin("2025-Q1").slice(0, 1)).toEqual([["13.77.01", 3, 1, 100]]);
  expect(izin("2025-Q2")).toEqual([
    ["13.77.01", 0, 1, 0],
    ["13.77.02", 0, 0, null],
    ["13.77.03", 0, 0, null],
    ["13.77.04", 0, 0, null],
    [null, 1, 1, 100],
  ]);
  expect(of("2025").map((r) => [r[0], r[9], r[10]])).toEqual([
    ["13.77.01", 0, null],
    ["13.77.02", 3, 66.7],
    ["13.77.03", 0, null],
    ["13.77.04", 0, null],
    [null, 0, null],
  ]);
  expect(of("2024").map((r) => [r[0], r[9], r[10]])).toEqual([
    ["13.77.01", 0, null],
    ["13.77.02", 0, null],
    ["13.77.03", 1, 100],
    ["13.77.04", 0, null],
  ]);
});

it("every period with data, each with the four kecamatan; nothing else", () => {
  const periods = [...new Set(rows.map((r) => r.periode))].sort();
  expect(periods).toEqual(["2024", "2024-Q4", "2024-S2", "2025", "2025-Q1", "2025-Q2", "2025-Q3", "2025-S1", "2025-S2"]);
  expect(rows.length).toBe(9 * 4 + 3);
  expect(of("2025-S2").map((r) => [r[0], r[4]])).toEqual([["13.77.01", null], ["13.77.02", null], ["13.77.03", 95], ["13.77.04", null]]);
});

it("units alarmed and waspada per kecamatan, small samples not counted; none where there is no IKM", () => {
  const sig = (p: string) => rows.filter((r) => r.periode === p).map((r) => [r.kode_kecamatan, r.unit_alarm, r.unit_waspada]);
  expect(sig("2025-S1")).toEqual([["13.77.01", 0, 0], ["13.77.02", 1, 1], ["13.77.03", null, null], ["13.77.04", null, null], [null, null, null]]);
  expect(sig("2025-S2").slice(2, 3)).toEqual([["13.77.03", 0, 0]]);
});
