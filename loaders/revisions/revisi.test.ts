// Revision history across loads: a corrected IKU file for the same partition changes one realisasi;
// exactly that figure (and the capaian computed from it) gets a revision with the old value, the old
// load and the date; a repeated transform adds nothing; figures of a running period are not recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../warehouse/connection.ts";
import { memoryWarehouse, load, silentEnv, tempDir, writeFile } from "../../test/helpers.ts";
import { runTransform } from "../pipeline.ts";
import { iku } from "../sources/iku/index.ts";
import { daftarRevisi } from "./revisi.ts";

const HEADER = "Tahun;Triwulan;Kode OPD;Kode Indikator;Target;Realisasi";
const T1 = new Date("2026-01-15T03:00:00Z");
const T2 = new Date("2026-02-02T04:30:00Z"); // 2 Feb 2026 11.30 WIB
const T3 = new Date("2026-02-03T04:30:00Z");
const env = (now: Date) => ({ ...silentEnv(), now: () => now });

let wh: Warehouse;
let tmp: ReturnType<typeof tempDir>;
const loads: number[] = [];
const revisionsAfter: number[] = [];
beforeAll(async () => {
  tmp = tempDir();
  wh = await memoryWarehouse();
  const first = writeFile(tmp.dir, "iku_2024_tw1.csv", [HEADER, "2024;1;SETDA;SETDA-01;66,5;64,25", "2024;1;SETDA;SETDA-02;70;71", "2024;1;BPKD;BPKD-01;90-100;95,5", "2026;1;SETDA;SETDA-01;70;60"].join("\n"));
  loads.push((await load(wh, iku, first)).loadId!);
  await runTransform(wh, env(T1));
  revisionsAfter.push((await daftarRevisi(wh)).length);
  // The corrected file: same partition (2024 TW1, SETDA), SETDA-01 corrected, SETDA-02 the same.
  const fixed = writeFile(tmp.dir, "iku_2024_tw1_perbaikan.csv", [HEADER, "2024;1;SETDA;SETDA-01;66,5;65,5", "2024;1;SETDA;SETDA-02;70;71"].join("\n"));
  loads.push((await load(wh, iku, fixed)).loadId!);
  await runTransform(wh, env(T2));
  revisionsAfter.push((await daftarRevisi(wh)).length);
  await runTransform(wh, env(T3));
  revisionsAfter.push((await daftarRevisi(wh)).length);
});
afterAll(() => {
  wh?.close();
  tmp?.cleanup();
});

describe("revision history", () => {
  it("the first transform records figures but no revision; the third, identical one adds none", () => {
    expect(revisionsAfter).toEqual([0, 2, 2]);
  });

  it("exactly the corrected figure and its capaian are revised, with old value, old load and date", async () => {
    const r = await daftarRevisi(wh);
    // capaian (naik) = R / T x 100: 64,25 / 66,5 -> 96,62; 65,5 / 66,5 -> 98,50
    expect(r.map((x) => [x.mart, x.periode, x.kode, x.kolom, x.nilai_lama, x.nilai_baru, x.load_lama, x.load_baru, x.tanggal])).toEqual([
      ["mart.indikator_capaian", "2024-Q1", "SETDA-01", "capaian", 96.62, 98.5, [loads[0]], [loads[1]], T2.toISOString()],
      ["mart.indikator_capaian", "2024-Q1", "SETDA-01", "realisasi", 64.25, 65.5, [loads[0]], [loads[1]], T2.toISOString()],
    ]);
    expect(r.map((x) => [x.angka, x.kode_opd, x.nama])).toEqual([
      ["Capaian IKU (%)", "SETDA", "Nilai SAKIP Kota Pariaman"],
      ["Realisasi IKU", "SETDA", "Nilai SAKIP Kota Pariaman"],
    ]);
    expect((await daftarRevisi(wh, { terakhirPerAngka: true, batas: 1 })).map((x) => x.kolom)).toEqual(["capaian"]);
  });

  it("unchanged figures keep their first recording; the load behind a re-sent identical value is updated", async () => {
    const rows = await wh.query<{ kode: string; kolom: string; nilai: number; load_ids: number[]; dicatat: Date }>(
      `SELECT kode, kolom, nilai, load_ids, dicatat FROM meta.angka_terbit
       WHERE mart = 'mart.indikator_capaian' AND periode = '2024-Q1' AND kode IN ('SETDA-01', 'SETDA-02', 'BPKD-01') ORDER BY kode, kolom`,
    );
    expect(rows.map((x) => [x.kode, x.kolom, x.nilai, x.load_ids])).toEqual([
      // BPKD-01 is cumulative, range 90-100: TW1 target 22,5-25; 95,5 > 25 -> 95,5 / 25 x 100 = 382
      ["BPKD-01", "capaian", 382, [loads[0]]],
      ["BPKD-01", "realisasi", 95.5, [loads[0]]],
      ["SETDA-01", "capaian", 98.5, [loads[1]]],
      ["SETDA-01", "realisasi", 65.5, [loads[1]]],
      // 71 / 70 x 100 = 101,43 (rounded to 2 decimals)
      ["SETDA-02", "capaian", 101.43, [loads[1]]],
      ["SETDA-02", "realisasi", 71, [loads[1]]],
    ]);
    expect(rows.find((x) => x.kode === "BPKD-01")!.dicatat.toISOString()).toBe(T1.toISOString());
  });

  it("a running period (2026 TW1 on 15 Jan 2026) is not yet a published figure", async () => {
    const { n } = await wh.one<{ n: number }>(`SELECT count(*) AS n FROM meta.angka_terbit WHERE periode LIKE '2026%'`);
    const { m } = await wh.one<{ m: number }>(`SELECT count(*) AS m FROM mart.indikator_capaian WHERE periode = '2026-Q1' AND realisasi IS NOT NULL`);
    expect([n, m]).toEqual([0, 1]);
  });
});

describe("first report and withdrawal", () => {
  it("belum lapor -> value is not a revision; value -> empty is, with nilai_baru NULL", async () => {
    const w = await memoryWarehouse();
    const t = tempDir();
    try {
      const file = (name: string, rows: string[]) => writeFile(t.dir, name, [HEADER, ...rows].join("\n"));
      const a = (await load(w, iku, file("a.csv", ["2024;1;SETDA;SETDA-01;66,5;64,25", "2024;1;SETDA;SETDA-02;70;"]))).loadId!;
      await runTransform(w, env(T1));
      // SETDA-02 reported for the first time: recorded, not revised.
      await load(w, iku, file("b.csv", ["2024;1;SETDA;SETDA-01;66,5;64,25", "2024;1;SETDA;SETDA-02;70;71"]));
      await runTransform(w, env(T2));
      expect(await daftarRevisi(w)).toEqual([]);
      // SETDA-01's realisation withdrawn (empty in the corrected file).
      const c = (await load(w, iku, file("c.csv", ["2024;1;SETDA;SETDA-01;66,5;", "2024;1;SETDA;SETDA-02;70;71"]))).loadId!;
      await runTransform(w, env(T3));
      const r = await daftarRevisi(w);
      expect(r.map((x) => [x.kode, x.kolom, x.nilai_lama, x.nilai_baru, x.load_baru, x.tanggal])).toEqual([
        ["SETDA-01", "capaian", 96.62, null, [c], T3.toISOString()],
        ["SETDA-01", "realisasi", 64.25, null, [c], T3.toISOString()],
      ]);
      // The old load is the one whose rows were replaced: b.csv, which had sent the same value again.
      expect(r[1].load_lama).toEqual([a + 1]);
      expect(a).toBeGreaterThan(0);
    } finally {
      w.close();
      t.cleanup();
    }
  });
});
