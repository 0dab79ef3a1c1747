// The zod verdict of each field and the SQL verdict compiled from the same declaration agree, value
// by value, on a list of tricky raw cells; parseNumber and parseDate against hand-derived cases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { Warehouse } from "../warehouse/connection.ts";
import { contractFields, field, loose, parseDate, parseNumber, type Contract } from "./contract.ts";
import { ident, literal, PARSE_MACROS_SQL } from "./sql.ts";
import { compileField } from "./validate.ts";
import { SOURCES } from "../sources/index.ts";

const TODAY = "2026-01-15";

const CELLS: (string | null)[] = [
  null, "", "  ", " \t ", "4", " 4 ", "4,0", "4.0", "4.5", "4,5", "1.234,5", "1,234.5", "1.234.567", "1.23.4",
  "1,2,3", "1 234", "abc", "4a", "+5", "-1", "+-1", "5", "0", "00", "1e3", "Infinity", "NaN", "٣", "１",
  ".5", "5.", ",", ".", "-", "12345678901234567890",
  "31/02/2024", "29/02/2024", "29/02/2023", "2024-02-29", "2023-02-29", "1/3/2024", "01-03-2024", "2024-2-29",
  "2024-13-01", "00/01/2024", "2024-02-29T10:15:00", "2024-02-29 10:15", "1999-12-31", "2000-01-01", "0099-12-31",
  "2026-01-15", "2026-01-16", "31/12/2099", "2099-12-31", "15/01/2026", "16/01/2026", "2024/02/29", "29.02.2024",
  "19850101 201001 1 002", "198501012010011002", "19850101201001100", "1985010120100110021", "19850101x201001 1 002",
  "P", "p", "L", "l", "laki-laki", "Laki Laki", "LAKI_LAKI", "Pérempuan", "wanita", "1", "2", "3", "pria ",
  "Di Atas Ekspektasi", "DIATAS", "di-bawah", "Sesuai", "sangat baik", "SangatBaik", "Baik", "perlu perbaikan",
  "PNS", "p3k", "Pegawai Negeri Sipil", "2024", "2024-S1", "2024-S3", "2024-Q4", "2024-Q5", "2024-03", "2024-13", "24",
  "x".repeat(40), "x".repeat(41), "é".repeat(10), "ab'c", 'a"b', "a;b", "ü",
  // The fast paths (kp_number: 1-15 digits; kp_date: dd/mm/yyyy; enum: exact spelling) and their edges.
  "123456789012345", "1234567890123456", "000000000000004", "04/01/2021", "4/01/2021", "04/1/2021", "04/01/21",
  "LAKI-LAKI", "PEREMPUAN", "Sesuai Ekspektasi", "SESUAI EKSPEKTASI", "Diatas Ekspektasi", "pns", "PPPK",
];

// One field of every kind and option.
const probe = z.object({
  t_plain: field.text({}),
  t_req: field.text({ required: true, maxLength: 40 }),
  t_pattern: field.text({ pattern: "[0-9]{4}(-(Q[1-4]|S[12]|0[1-9]|1[0-2]))?", patternRule: "periode salah" }),
  t_nip: field.text({ required: true, compact: true, pattern: "[0-9]{18}", patternRule: "NIP harus 18 angka" }),
  t_short: field.text({ maxLength: 10 }),
  i_any: field.int({}),
  i_range: field.int({ min: 1, max: 4 }),
  i_min: field.int({ min: 0 }),
  i_req: field.int({ required: true, min: 2000, max: 2100 }),
  d_any: field.decimal({}),
  d_range: field.decimal({ min: -1, max: 100.5 }),
  d_max: field.decimal({ max: 10 }),
  dt_any: field.date({}),
  dt_checked: field.date({ required: true, notFuture: true, notBefore: "2000-01-01", today: () => TODAY }),
  e_jk: field.enum({ L: ["laki-laki", "pria", "1"], P: ["perempuan", "wanita", "2"] }),
  e_req: field.enum({ "Sangat Baik": [], Baik: [], "Butuh Perbaikan": ["perlu perbaikan"] }, { required: true }),
}) as unknown as Contract;

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open({ path: ":memory:" });
  await wh.exec(PARSE_MACROS_SQL);
});
afterAll(() => wh?.close());

type Verdict = { ok: true; value: unknown } | { ok: false; rule: string };

function zodVerdict(schema: z.ZodType, raw: string | null): Verdict {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data ?? null };
  return { ok: false, rule: r.error.issues[0].message };
}

/** The SQL verdict of every cell for one field, as load.ts feeds it (trimmed, empty → NULL). */
async function sqlVerdicts(contract: Contract, name: string, cells: (string | null)[], todaySql: string): Promise<Verdict[]> {
  const f = contractFields(contract).find((x) => x.name === name)!;
  const c = compileField(f, todaySql);
  const values = cells.map((v, i) => `(${i}, ${v === null ? "NULL" : literal(v)})`).join(", ");
  const rows = await wh.query<{ i: number; typed: unknown; rule: string | null }>(`
    WITH input AS (SELECT i, NULLIF(regexp_replace(raw, '^\\s+|\\s+$', '', 'g'), '') AS ${ident(name)}
                   FROM (VALUES ${values}) t(i, raw))
    SELECT i, CAST(${c.typed} AS ${c.sqlType}) AS typed, ${c.violation} AS rule FROM input ORDER BY i`);
  return rows.map((r) => (r.rule === null ? { ok: true, value: r.typed } : { ok: false, rule: r.rule }));
}

describe("zod and SQL verdicts agree value by value", () => {
  const names = Object.keys(probe.shape);
  it.each(names)("field %s", async (name) => {
    const sql = await sqlVerdicts(probe, name, CELLS, `DATE '${TODAY}'`);
    const zodV = CELLS.map((cell) => zodVerdict(probe.shape[name], cell));
    const mismatches = CELLS.map((cell, i) => ({ cell, zod: zodV[i], sql: sql[i] })).filter(
      (m) => JSON.stringify(m.zod) !== JSON.stringify(m.sql),
    );
    expect(mismatches).toEqual([]);
  });

  it("every field of every source contract agrees too", async () => {
    const mismatches: unknown[] = [];
    for (const source of SOURCES)
      for (const f of contractFields(source.contract)) {
        // The contracts' notFuture dates compare with the real today in both verdicts.
        const sql = await sqlVerdicts(source.contract, f.name, CELLS, "current_date");
        CELLS.forEach((cell, i) => {
          const zodV = zodVerdict(source.contract.shape[f.name], cell);
          if (JSON.stringify(zodV) !== JSON.stringify(sql[i])) mismatches.push({ source: source.name, field: f.name, cell, zod: zodV, sql: sql[i] });
        });
      }
    expect(mismatches).toEqual([]);
  });

  it("spot checks of the verdicts, derived by hand", () => {
    const s = probe.shape;
    expect(zodVerdict(s.i_range, "4,0")).toEqual({ ok: true, value: 4 });
    expect(zodVerdict(s.i_range, "5")).toEqual({ ok: false, rule: "di luar rentang 1-4" });
    expect(zodVerdict(s.i_range, "4.5")).toEqual({ ok: false, rule: "bukan bilangan bulat" });
    expect(zodVerdict(s.i_range, "abc")).toEqual({ ok: false, rule: "bukan angka" });
    expect(zodVerdict(s.i_range, "  ")).toEqual({ ok: true, value: null });
    expect(zodVerdict(s.i_req, "")).toEqual({ ok: false, rule: "wajib diisi" });
    expect(zodVerdict(s.i_min, "-1")).toEqual({ ok: false, rule: "kurang dari 0" });
    expect(zodVerdict(s.d_max, "1.234,5")).toEqual({ ok: false, rule: "lebih dari 10" });
    expect(zodVerdict(s.d_any, "1.234,5")).toEqual({ ok: true, value: 1234.5 });
    expect(zodVerdict(s.t_nip, "19850101 201001 1 002")).toEqual({ ok: true, value: "198501012010011002" });
    expect(zodVerdict(s.t_nip, "19850101201001100")).toEqual({ ok: false, rule: "NIP harus 18 angka" });
    expect(zodVerdict(s.t_short, "x".repeat(11))).toEqual({ ok: false, rule: "lebih dari 10 karakter" });
    expect(zodVerdict(s.dt_checked, "29/02/2024")).toEqual({ ok: true, value: "2024-02-29" });
    expect(zodVerdict(s.dt_checked, "31/02/2024")).toEqual({ ok: false, rule: "bukan tanggal (dd/mm/yyyy atau yyyy-mm-dd)" });
    expect(zodVerdict(s.dt_checked, "16/01/2026")).toEqual({ ok: false, rule: "tanggal di masa depan" });
    expect(zodVerdict(s.dt_checked, "1999-12-31")).toEqual({ ok: false, rule: "sebelum 2000-01-01" });
    expect(zodVerdict(s.e_jk, "Laki Laki")).toEqual({ ok: true, value: "L" });
    expect(zodVerdict(s.i_any, "12345678901234567890")).toEqual({ ok: false, rule: "angka terlalu besar" });
    expect(zodVerdict(s.i_range, "12345678901234567890")).toEqual({ ok: false, rule: "angka terlalu besar" });
    expect(zodVerdict(s.e_jk, "3")).toEqual({ ok: false, rule: "bukan salah satu dari: L, P" });
  });
});

describe("parseNumber", () => {
  it.each<[string, number | null]>([
    ["4", 4],
    ["4,0", 4],
    ["2,5", 2.5],
    ["4.5", 4.5],
    ["1.234,5", 1234.5], // Indonesian: dot thousands, comma decimal
    ["1,234.5", 1234.5], // international
    ["1.234.567", 1234567], // dots as thousands only
    ["1.23.4", null], // not thousands groups
    ["1,2,3", null],
    ["1 234", 1234],
    ["+5", 5],
    ["-1", -1],
    ["-0,25", -0.25],
    ["abc", null],
    ["1e3", null],
    ["٣", null],
    [",", null],
    ["", null],
  ])("%j → %s", (text, n) => {
    expect(parseNumber(text)).toBe(n);
  });
});

describe("parseDate", () => {
  it.each<[string, string | null]>([
    ["2024-02-29", "2024-02-29"],
    ["2023-02-29", null],
    ["29/02/2024", "2024-02-29"],
    ["31/02/2024", null],
    ["1/3/2024", "2024-03-01"], // dd/mm: 1 March, not 3 January
    ["01-03-2024", "2024-03-01"],
    ["2024-02-29T10:15:00", "2024-02-29"],
    ["2024-2-29", null],
    ["2024-13-01", null],
    ["00/01/2024", null],
    ["31/12/1999", "1999-12-31"],
    ["0099-12-31", "0099-12-31"],
    ["abc", null],
  ])("%j → %s", (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });
});

describe("loose", () => {
  it("ignores case, spaces, underscores, punctuation and accents", () => {
    expect(loose("Kode_OPD")).toBe("kodeopd");
    expect(loose(" kode opd ")).toBe("kodeopd");
    expect(loose("Sistem, Mekanisme, dan Prosedur")).toBe("sistemmekanismedanprosedur");
    expect(loose("Pérempuan")).toBe("perempuan");
  });
});
