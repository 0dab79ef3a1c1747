// One writer at a time: a second writer (in-process or the real CLI) is refused with a one-line
// message naming the holder; a stale lock is taken over; the Kysely dialect round-trips values.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse, WarehouseMissingError } from "./connection.ts";
import { acquireWriteLock, readLock, WarehouseBusyError } from "./lock.ts";
import { ROOT, tempDir } from "../../test/helpers.ts";

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

describe("a second writer is refused", () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  let holder: ChildProcess;
  let holderPid: number;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    db = path.join(dir, "gudang.duckdb");
    holder = spawn(TSX, [path.join(ROOT, "test/fixtures/hold-warehouse.ts"), db, "kinerja transform"], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let err = "";
    holder.stderr!.on("data", (d) => (err += d));
    holderPid = await new Promise<number>((resolve, reject) => {
      let out = "";
      holder.stdout!.on("data", (d) => {
        out += d;
        const m = /ready (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      holder.on("exit", (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
    });
  });

  afterAll(async () => {
    if (holder && holder.exitCode === null) {
      const exited = new Promise((r) => holder.on("exit", r));
      holder.stdin!.end();
      await exited;
    }
    cleanup?.();
  });

  it("Warehouse.open throws WarehouseBusyError naming the holder's command and PID", async () => {
    const err = await Warehouse.open({ path: db, command: "kinerja ingest" }).catch((e) => e);
    expect(err).toBeInstanceOf(WarehouseBusyError);
    expect(err.holder.pid).toBe(holderPid);
    expect(err.message).toContain('"kinerja transform"');
    expect(err.message).toContain(`PID ${holderPid}`);
    expect(err.message).not.toContain("\n");
    // the refused writer did not disturb the holder's lock
    expect(readLock(`${db}.lock`)?.pid).toBe(holderPid);
  });

  it("a read-only open is refused too while a writer holds the file", async () => {
    await expect(Warehouse.open({ path: db, readOnly: true })).rejects.toBeInstanceOf(WarehouseBusyError);
  });

  it("the real CLI exits 1 with one line on stderr, no stack trace", () => {
    const r = spawnSync(TSX, [path.join(ROOT, "loaders/cli.ts"), "ingest", path.join(ROOT, "data/reference/opd.csv"), "--db", db], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, KINERJA_DEBUG: "" },
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^kinerja: Gudang data .* sedang dipakai untuk menulis oleh "kinerja transform" \(PID \d+/);
    expect(lines[0]).toContain(`PID ${holderPid}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("lock file", () => {
  it("a stale lock (dead PID) is taken over", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = path.join(dir, "basi.duckdb");
      // A PID that cannot be alive: a finished child's.
      const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
      const deadPid = Number(dead.stdout);
      fs.writeFileSync(`${db}.lock`, JSON.stringify({ pid: deadPid, command: "kinerja build", host: hostname(), since: "2026-01-01T00:00:00Z" }));
      const wh = await Warehouse.open({ path: db, command: "kinerja ingest" });
      try {
        expect(readLock(`${db}.lock`)).toMatchObject({ pid: process.pid, command: "kinerja ingest" });
      } finally {
        wh.close();
      }
      expect(fs.existsSync(`${db}.lock`)).toBe(false);
    } finally {
      cleanup();
    }
  });

  it("a live holder in this process family is refused; release frees the lock", () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = path.join(dir, "x.duckdb");
      fs.writeFileSync(`${db}.lock`, JSON.stringify({ pid: process.ppid, command: "kinerja build", host: hostname(), since: "2026-01-01T00:00:00Z" }));
      expect(() => acquireWriteLock(db, "kinerja ingest")).toThrow(WarehouseBusyError);
      fs.rmSync(`${db}.lock`);
      const release = acquireWriteLock(db, "kinerja ingest");
      expect(readLock(`${db}.lock`)?.pid).toBe(process.pid);
      release();
      expect(fs.existsSync(`${db}.lock`)).toBe(false);
    } finally {
      cleanup();
    }
  });

  it("read-only open of a missing file gives WarehouseMissingError", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const err = await Warehouse.open({ path: path.join(dir, "tidak-ada.duckdb"), readOnly: true }).catch((e) => e);
      expect(err).toBeInstanceOf(WarehouseMissingError);
      expect(err.message).toContain("tidak-ada.duckdb");
    } finally {
      cleanup();
    }
  });
});

describe("Kysely dialect", () => {
  it("insert and select round-trip numbers, strings and dates", async () => {
    const wh = await Warehouse.open({ path: ":memory:" });
    try {
      await wh.exec(`CREATE TABLE meta.uji (id INTEGER, besar BIGINT, nilai DOUBLE, teks VARCHAR, tanggal DATE, waktu TIMESTAMPTZ)`);
      // The typed schema does not know this table: use an untyped view of the same Kysely.
      const db = wh.kysely.withSchema("meta") as unknown as import("kysely").Kysely<Record<string, Record<string, unknown>>>;
      const rows = [
        { id: 1, besar: 9007199254740991, nilai: 1234.5, teks: "Pariaman – Sumatera Barat 'kutip'", tanggal: "2024-02-29", waktu: new Date("2026-01-15T03:00:00Z") },
        { id: 2, besar: -42, nilai: 0.1 + 0.2, teks: "", tanggal: "1999-12-31", waktu: new Date("2000-01-01T00:00:00Z") },
      ];
      const ins = await db.insertInto("uji").values(rows).executeTakeFirst();
      expect(Number(ins.numInsertedOrUpdatedRows)).toBe(2);
      const back = await db.selectFrom("uji").selectAll().orderBy("id").execute();
      expect(back).toEqual(rows);
      const upd = await db.updateTable("uji").set({ teks: "baru" }).where("id", "=", 2).executeTakeFirst();
      expect(Number(upd.numUpdatedRows)).toBe(1);
      const n = await db.selectFrom("uji").select((eb) => eb.fn.countAll().as("n")).where("teks", "=", "baru").executeTakeFirstOrThrow();
      expect(n).toEqual({ n: 1 });
    } finally {
      wh.close();
    }
  });
});
