// Hostile and broken input: every case of hostile-cases.ts is answered with a clear message naming
// the file (and for rows: row, column, rule), never a stack trace, both through the real `kinerja`
// CLI (exit 1 refused, 2 too many rejected rows, 0 ok) and in-process; nothing is half-loaded.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../loaders/warehouse/connection.ts";
import { Warehouse as WarehouseClass } from "../../loaders/warehouse/connection.ts";
import { IngestError } from "../../loaders/ingest/load.ts";
import { loadOne, recogniseSource } from "../../loaders/ingest/run.ts";
import { SOURCES } from "../../loaders/sources/index.ts";
import { memoryWarehouse, NOW, ROOT, SECRET, tempDir, TODAY } from "../helpers.ts";
import { HOSTILE, type HostileCase } from "./hostile-cases.ts";

const tmp = tempDir("kinerja-hostile-");
const exportsDir = path.join(tmp.dir, "ekspor");
const fileOf = (c: HostileCase) => path.join(exportsDir, c.file);

beforeAll(async () => {
  for (const c of HOSTILE) {
    fs.mkdirSync(path.dirname(fileOf(c)), { recursive: true });
    fs.writeFileSync(fileOf(c), await c.content());
  }
});
afterAll(() => tmp.cleanup());

const nf = new Intl.NumberFormat("id-ID");
const STACK_LINE = /^\s+at /m;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "kinerja.js"), ...args], {
      cwd: ROOT,
      env: { ...process.env, KINERJA_DEBUG: "", KINERJA_SECRET_FILE: path.join(tmp.dir, "secret") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Run tasks two at a time (the machine has two cores). */
async function pooled<T, R>(items: T[], fn: (t: T) => Promise<R>, width = 2): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

async function ledgerRows(db: string): Promise<number> {
  if (!fs.existsSync(db)) return 0;
  const wh = await WarehouseClass.open({ path: db, readOnly: true });
  try {
    return (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM meta.loads`)).n;
  } finally {
    wh.close();
  }
}

describe("through the real CLI", () => {
  let runs: Map<string, Run & { db: string }>;

  beforeAll(async () => {
    const results = await pooled(HOSTILE, async (c) => {
      const db = path.join(tmp.dir, `cli-${HOSTILE.indexOf(c)}.duckdb`);
      return { name: c.name, db, ...(await cli(["ingest", fileOf(c), "--db", db])) };
    });
    runs = new Map(results.map((r) => [r.name, r]));
  }, 480_000);

  it.each(HOSTILE.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const r = runs.get(c.name)!;
    expect(r.stderr, "no stack trace").not.toMatch(STACK_LINE);
    expect(r.stdout).not.toMatch(STACK_LINE);
    const shown = c.file; // the ledger name is relative to the project; its tail is the case's path
    if (c.refused) {
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^kinerja: /);
      for (const part of c.refused) expect(lines[0]).toContain(part);
      expect(await ledgerRows(r.db), "nothing recorded").toBe(0);
    } else {
      const l = c.loaded!;
      const rejected = l.rowsIn - l.rowsOk;
      expect(r.code).toBe(rejected / l.rowsIn > 0.01 ? 2 : 0);
      expect(r.stdout).toContain(`${shown} [`);
      expect(r.stdout).toContain(`${nf.format(l.rowsIn)} baris, ${nf.format(l.rowsOk)} diterima, ${nf.format(rejected)} ditolak`);
      // Each rule line names column, rule and an example row that is the first row breaking it.
      const firstRow = new Map<string, number>();
      for (const x of l.rejections) {
        const key = `kolom ${x.kolom ?? "(baris)"}: ${x.aturan}`;
        firstRow.set(key, Math.min(firstRow.get(key) ?? Infinity, x.row));
      }
      const ruleLines = r.stdout.split("\n").filter((s) => s.trim().startsWith("ditolak: "));
      expect(ruleLines.length).toBe(Math.min(5, firstRow.size));
      for (const line of ruleLines) {
        const m = /ditolak: (kolom .*) \(\d+ baris, mis\. baris (\d+)\)$/.exec(line.trim());
        expect(m, line).not.toBeNull();
        expect(firstRow.get(m![1]), line).toBe(Number(m![2]));
      }
      expect(await ledgerRows(r.db)).toBe(1);
    }
  });
});

describe("in-process, one warehouse", () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await memoryWarehouse();
  });
  afterAll(() => wh?.close());

  const count = async (sql: string) => (await wh.one<{ n: number }>(sql)).n;

  it.each(HOSTILE.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const source = recogniseSource(fileOf(c), SOURCES);
    const loadsBefore = await count(`SELECT count(*) AS n FROM meta.loads`);
    const outcome = await loadOne(wh, source, fileOf(c), { secret: SECRET, today: TODAY, now: () => NOW, displayName: c.file }).catch(
      (e: unknown) => e,
    );
    if (c.refused) {
      expect(outcome).toBeInstanceOf(IngestError);
      const message = (outcome as Error).message;
      expect(message.startsWith(`${c.file}: `)).toBe(true);
      expect(message).not.toContain("\n");
      for (const part of c.refused) expect(message).toContain(part);
      expect(await count(`SELECT count(*) AS n FROM meta.loads`)).toBe(loadsBefore);
      return;
    }
    expect(outcome).not.toBeInstanceOf(Error);
    const r = outcome as Awaited<ReturnType<typeof loadOne>>;
    const l = c.loaded!;
    expect([r.rowsIn, r.rowsOk, r.rowsRejected]).toEqual([l.rowsIn, l.rowsOk, l.rowsIn - l.rowsOk]);
    const ledger = await wh.one<{ rows_in: number; rows_ok: number; rows_rejected: number; file: string }>(
      `SELECT rows_in, rows_ok, rows_rejected, file FROM meta.loads WHERE load_id = ${r.loadId}`,
    );
    expect(ledger).toEqual({ rows_in: l.rowsIn, rows_ok: l.rowsOk, rows_rejected: l.rowsIn - l.rowsOk, file: c.file });
    expect(await count(`SELECT count(*) AS n FROM raw.${source.name} WHERE _load_id = ${r.loadId}`)).toBe(l.rowsOk);
    const q = await wh.query<{ baris: number; kolom: string | null; aturan: string; nilai: string | null }>(
      `SELECT baris, kolom, aturan, nilai FROM quarantine.${source.name} WHERE _load_id = ${r.loadId} ORDER BY baris, kolom`,
    );
    expect(q.map(({ baris, kolom, aturan }) => ({ row: baris, kolom, aturan }))).toEqual(
      l.rejections.map(({ row, kolom, aturan }) => ({ row, kolom, aturan })),
    );
    for (const [i, x] of l.rejections.entries()) if (x.nilai !== undefined) expect(q[i].nilai).toBe(x.nilai);
    if (c.verbatim) {
      const got = await wh.query<{ v: string }>(
        `SELECT "${c.verbatim.column}" AS v FROM raw.${source.name} WHERE _load_id = ${r.loadId} ORDER BY _row`,
      );
      for (const v of c.verbatim.values) expect(got.map((g) => g.v)).toContain(v);
    }
  });

  it("SQL-looking text did nothing: the tables it names still exist and hold their rows", async () => {
    expect(await count(`SELECT count(*) AS n FROM ref.opd`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM meta.loads`)).toBe(HOSTILE.filter((c) => c.loaded).length);
    expect(await count(`SELECT count(*) AS n FROM raw.skm`)).toBeGreaterThan(0);
  });
});
