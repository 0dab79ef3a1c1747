// The loose name-to-code lookup the sources derive codes with, and the repeated-key rule, checked
// on small tables whose answers are worked out by hand.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../warehouse/connection.ts";
import { looseLookup, PARSE_MACROS_SQL } from "./sql.ts";
import { uniqueSql } from "./validate.ts";
import type { SourceDefinition } from "./source.ts";
import { skp } from "../sources/skp/index.ts";
import { memoryWarehouse } from "../../test/helpers.ts";

let wh: Warehouse;
beforeEach(async () => {
  wh = await memoryWarehouse(null);
  await wh.exec(PARSE_MACROS_SQL);
});
afterEach(() => wh?.close());

describe("looseLookup", () => {
  const lookup = (probe: string) => `SELECT n, ${looseLookup("r", "kode", ["nama", "singkat"], probe)} AS k FROM t ORDER BY id`;
  beforeEach(async () => {
    await wh.exec(`CREATE TABLE t AS SELECT * FROM (VALUES (1, 'Dinas Kesehatan'), (2, NULL), (3, 'DINKES'), (4, 'dinas-keséhatan!'), (5, 'Dinas Sosial'), (6, '')) v(id, n)`);
    await wh.exec(`CREATE TABLE r (kode VARCHAR, nama VARCHAR, singkat VARCHAR)`);
  });

  it("is NULL for every row when the reference table is empty", async () => {
    expect(await wh.query(lookup("t.n"))).toEqual([
      { n: "Dinas Kesehatan", k: null },
      { n: null, k: null },
      { n: "DINKES", k: null },
      { n: "dinas-keséhatan!", k: null },
      { n: "Dinas Sosial", k: null },
      { n: "", k: null },
    ]);
  });

  it("matches either key column ignoring case, accents and punctuation; a NULL key matches nothing", async () => {
    await wh.exec(`INSERT INTO r VALUES ('DINKES', 'Dinas Kesehatan', 'Dinkes'), ('DINSOS', 'Dinas Sosial', NULL)`);
    expect(await wh.query(lookup("t.n"))).toEqual([
      { n: "Dinas Kesehatan", k: "DINKES" },
      { n: null, k: null },
      { n: "DINKES", k: "DINKES" }, // the short name
      { n: "dinas-keséhatan!", k: "DINKES" },
      { n: "Dinas Sosial", k: "DINSOS" },
      { n: "", k: null },
    ]);
  });

  it("takes the smallest code when two reference rows share a loose key", async () => {
    await wh.exec(`INSERT INTO r VALUES ('Z9', 'Dinas Sosial', NULL), ('A1', 'dinas sosial', NULL)`);
    expect((await wh.query<{ k: string | null }>(lookup("t.n"))).map((r) => r.k)).toEqual([null, null, null, null, "A1", null]);
  });
});

describe("uniqueSql", () => {
  const source = { ...skp, unique: [{ column: "nip", rule: "ulang", key: ["periode", "nip"] }] } as SourceDefinition;
  it("appends the break to later rows with valid cells that repeat an earlier key, NULL keys alike", async () => {
    // Rows 1 and 3 share a key; row 4 repeats it too but has an invalid cell (no verdict); rows 5
    // and 6 share a NULL periode (row 6 already breaks a row rule: the repeat is listed after it);
    // row 7 repeats the key of row 2, which was itself rejected: still a repeat.
    await wh.exec(`CREATE TABLE c AS SELECT * FROM (VALUES
      (1, '2024', 'Pa', true,  []::STRUCT(kolom VARCHAR, aturan VARCHAR, nilai VARCHAR)[], NULL::VARCHAR),
      (2, '2024', 'Pb', false, [{'kolom': 'predikat', 'aturan': 'x', 'nilai': 'y'}], NULL),
      (3, '2024', 'Pa', true,  [], NULL),
      (4, '2024', 'Pa', false, [{'kolom': 'predikat', 'aturan': 'x', 'nilai': 'y'}], NULL),
      (5, NULL,   'Pc', true,  [], NULL),
      (6, NULL,   'Pc', true,  [{'kolom': 'kode_opd', 'aturan': 'z', 'nilai': 'w'}], NULL),
      (7, '2024', 'Pb', true,  [], NULL)
    ) v(_row, periode, nip, _cells_ok, _violations, _unique_raw_0)`);
    for (const sql of uniqueSql(source, "c")) await wh.exec(sql);
    const rows = await wh.query<{ _row: number; v: string[] }>(`SELECT _row, [x.aturan FOR x IN _violations] AS v FROM c ORDER BY _row`);
    expect(rows).toEqual([
      { _row: 1, v: [] },
      { _row: 2, v: ["x"] },
      { _row: 3, v: ["ulang"] },
      { _row: 4, v: ["x"] },
      { _row: 5, v: [] },
      { _row: 6, v: ["z", "ulang"] },
      { _row: 7, v: ["ulang"] },
    ]);
  });
});
