// The incremental transform: a model whose inputs did not change keeps its table. The invariant that
// matters is that an incremental run leaves every core/mart table exactly as a full rebuild would,
// whatever changed; the subsets rebuilt are checked against the dependencies read off the model files.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyModels, memoryWarehouse, NOW, ROOT, SECRET, silentEnv, tempDir } from "../../test/helpers.ts";
import { tableDigest } from "../digest.ts";
import { runIngest, runTransform } from "../pipeline.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { transform } from "./run.ts";

const SAMPLE = path.join(ROOT, "data", "sample");
const FILES = [
  "skp/skp_2025.csv",
  "skm/skm_2024_s2.csv",
  "skm/skm_2025_s1.csv",
  "iku/iku_2024.csv",
  "iku/iku_2025.csv",
  "layanan/volume_2025.csv",
  "izin/izin_2025.csv",
  "pengaduan/lapor_2025.csv",
].map((f) => path.join(SAMPLE, f));

let wh: Warehouse;

/** Every core/mart table's content digest. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await wh.query<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('core', 'mart') ORDER BY 1, 2`,
  );
  const out: Record<string, string> = {};
  for (const { s, t } of tables) out[`${s}.${t}`] = await tableDigest(wh, s, t);
  return out;
}

beforeAll(async () => {
  wh = await memoryWarehouse();
  const env = silentEnv();
  await runIngest(wh, FILES, env, { secret: SECRET });
  await runTransform(wh, env);
}, 240_000);

afterAll(() => wh?.close());

/** Change the warehouse, transform incrementally, and compare with a full rebuild of the same state. */
async function changeThenCompare(change: string): Promise<{ rebuilt: string[]; changed: string[] }> {
  const before = await snapshot();
  await wh.exec(change);
  const incremental = await transform(wh, () => NOW);
  const afterIncremental = await snapshot();
  const full = await transform(wh, () => NOW, undefined, undefined, { full: true });
  expect(full.rebuilt).toEqual(full.models);
  expect(afterIncremental).toEqual(await snapshot());
  return { rebuilt: incremental.rebuilt, changed: Object.keys(before).filter((t) => before[t] !== afterIncremental[t]) };
}

describe("incremental transform", () => {
  it("with nothing changed it builds no model, still runs every data test, and leaves every table as it was", async () => {
    const before = await snapshot();
    const r = await transform(wh, () => NOW);
    expect(r.rebuilt).toEqual([]);
    expect(r.models.length).toBeGreaterThan(20);
    expect(r.tests).toBeGreaterThan(100);
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it("a changed IKU realisation rebuilds the IKU models and what reads them, not the survey ones; the result equals a full rebuild", async () => {
    const { rebuilt, changed } = await changeThenCompare(
      `UPDATE raw.iku SET realisasi = realisasi + 7.25 WHERE _row = (SELECT min(_row) FROM raw.iku WHERE realisasi IS NOT NULL AND triwulan IS NOT NULL) AND _load_id = (SELECT min(_load_id) FROM raw.iku)`,
    );
    // The comparison means something only if the change reached the marts.
    expect(changed).toEqual(expect.arrayContaining(["core.iku_realisasi", "mart.indikator_capaian"]));
    // core.iku_realisasi reads raw.iku; mart.indikator_capaian reads core.iku_realisasi; the signals and
    // the OPD summary read mart.indikator_capaian; perlu_perhatian reads the signals.
    expect(rebuilt).toEqual(
      expect.arrayContaining(["core.iku_realisasi", "mart.indikator_capaian", "mart.indikator_sinyal", "mart.opd_ringkasan", "mart.perlu_perhatian"]),
    );
    // The survey chain reads raw.skm and the unit list only.
    for (const m of ["core.skm_respon", "mart.ikm_unit", "mart.ikm_funnel", "mart.ikm_peringkat", "mart.ikm_perubahan", "core.skp_penilaian", "mart.izin_sla"])
      expect(rebuilt).not.toContain(m);
  }, 240_000);

  it("a changed survey answer rebuilds the survey chain and leaves the IKU models; equal to a full rebuild", async () => {
    const { rebuilt, changed } = await changeThenCompare(
      `UPDATE raw.skm SET persyaratan = CASE WHEN persyaratan = 1 THEN 4 ELSE 1 END WHERE _row <= 40 AND _load_id = (SELECT min(_load_id) FROM raw.skm)`,
    );
    expect(changed).toEqual(expect.arrayContaining(["core.skm_respon", "mart.ikm_unit"]));
    expect(rebuilt).toEqual(expect.arrayContaining(["core.skm_respon", "mart.ikm_unit", "mart.ikm_funnel", "mart.ikm_peringkat", "mart.perlu_perhatian", "mart.wilayah_layanan"]));
    for (const m of ["core.iku_realisasi", "mart.indikator_capaian", "mart.indikator_sinyal", "core.izin_permohonan", "mart.skp_predikat"]) expect(rebuilt).not.toContain(m);
  }, 240_000);

  it("permits, complaints, ratings, service volumes and a reference table each give the same tables as a full rebuild", async () => {
    const changes = [
      `UPDATE raw.izin SET tanggal_terbit = tanggal_terbit + INTERVAL 9 DAY WHERE tanggal_terbit IS NOT NULL AND _row <= 30`,
      `UPDATE raw.pengaduan SET tanggal_selesai = tanggal_selesai + INTERVAL 20 DAY WHERE tanggal_selesai IS NOT NULL AND _row <= 30`,
      `UPDATE raw.skp SET hasil_kerja = 'Dibawah Ekspektasi', perilaku_kerja = 'Dibawah Ekspektasi', predikat = 'Sangat Kurang' WHERE _row <= 25`,
      `UPDATE raw.layanan SET jumlah_layanan = jumlah_layanan * 3 WHERE _row <= 10`,
      // Read by a macro (status_capaian), not by any model file directly.
      `UPDATE ref.status_capaian SET batas_bawah = batas_bawah + 3 WHERE batas_bawah > 0`,
    ];
    for (const change of changes) {
      const { rebuilt, changed } = await changeThenCompare(change);
      expect(rebuilt.length, change).toBeGreaterThan(0);
      expect(changed.length, change).toBeGreaterThan(0);
    }
  }, 600_000);

  it("a model's own code counts: an edited model and everything downstream are rebuilt", async () => {
    const { dir, cleanup } = tempDir();
    try {
      copyModels(dir);
      await transform(wh, () => NOW, dir);
      const file = path.join(dir, "mart", "izin_sla.sql");
      fs.writeFileSync(file, `-- edited\n${fs.readFileSync(file, "utf8")}`);
      const r = await transform(wh, () => NOW, dir);
      // izin_funnel reads izin_sla; perlu_perhatian reads izin_funnel.
      expect(r.rebuilt).toEqual(expect.arrayContaining(["mart.izin_sla", "mart.izin_funnel", "mart.perlu_perhatian"]));
      expect(r.rebuilt).not.toContain("core.izin_permohonan");
      expect(r.rebuilt).not.toContain("mart.ikm_funnel");
    } finally {
      cleanup();
    }
  }, 240_000);
});
