// The service-volume loader: thousands dots, unknown units, duplicates, bad periods, negative counts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Warehouse } from "../../warehouse/connection.ts";
import type { LoadResult } from "../../ingest/load.ts";
import { load, memoryWarehouse, quarantine } from "../../../test/helpers.ts";
import { layanan } from "./index.ts";

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

let wh: Warehouse;
let r: LoadResult;
beforeAll(async () => {
  wh = await memoryWarehouse();
  r = await load(wh, layanan, path.join(FIX, "volume.csv"));
});
afterAll(() => wh?.close());

it("loads good rows and quarantines each bad one", async () => {
  expect(r).toMatchObject({ rowsIn: 6, rowsOk: 2, rowsRejected: 4 });
  expect(await wh.query(`SELECT _row, periode, kode_unit, jumlah_layanan FROM raw.layanan ORDER BY _row`)).toEqual([
    { _row: 2, periode: "2024-S1", kode_unit: "PKM-PARIAMAN", jumlah_layanan: 1234567 },
    { _row: 3, periode: "2024-S1", kode_unit: "PKM-NARAS", jumlah_layanan: 5305 },
  ]);
  expect((await quarantine(wh, "layanan")).map((x) => [x.baris, x.kolom, x.aturan, x.nilai])).toEqual([
    [4, "kode_unit", "unit layanan tidak dikenal (tidak ada di data/reference/unit_layanan.csv)", "PKM-KAMPUNGBARU"],
    [5, "kode_unit", "unit yang sama muncul lebih dari sekali untuk periode yang sama", "PKM-NARAS"],
    [6, "periode", "periode harus berbentuk 2024 atau 2024-S1", "2024-S3"],
    [7, "jumlah_layanan", "di luar rentang 0-100000000", "-5"],
  ]);
});
