// One writer at a time: a second writer (in-process or the real CLI) is refused with a one-line
// message naming the holder; a stale lock is taken over; the Kysely dialect round-trips values.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse, WarehouseMissingError } from "./connection.ts";
import { acquireWriteLock, acquireWriteLockWaiting, allowReaders, assertReadable, readLock, WarehouseBusyError } from "./lock.ts";
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

describe("waiting for the lock, re-entry and readers", () => {
  /** A lock file held by a live process that is not this one (the test runner's parent). */
  function foreignLock(db: string, command = "kinerja build", extra: object = {}) {
    fs.writeFileSync(`${db}.lock`, JSON.stringify({ pid: process.ppid, command, host: hostname(), since: "2026-01-01T00:00:00Z", ...extra }));
  }

  it("polls with backoff until the holder is gone, and says once whom it waits for", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = path.join(dir, "w.duckdb");
      foreignLock(db);
      let t = 0;
      const sleeps: number[] = [];
      const lines: string[] = [];
      const release = await acquireWriteLockWaiting(db, "kinerja ingest", {
        waitSeconds: 60,
        clock: () => t,
        sleep: async (ms) => {
          sleeps.push(ms);
          t += ms;
          if (sleeps.length === 7) fs.rmSync(`${db}.lock`); // the build finishes during the 7th pause
        },
        log: (l) => lines.push(l),
      });
      expect(sleeps).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('"kinerja build"');
      expect(lines[0]).toContain(`PID ${process.ppid}`);
      expect(lines[0]).toContain("paling lama 60 detik");
      expect(readLock(`${db}.lock`)).toMatchObject({ pid: process.pid, command: "kinerja ingest" });
      release();
      expect(fs.existsSync(`${db}.lock`)).toBe(false);
    } finally {
      cleanup();
    }
  });

  it("gives up after --wait seconds with the holder named; without --wait refuses at once", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = path.join(dir, "w.duckdb");
      foreignLock(db, "kinerja transform");
      let t = 0;
      const sleeps: number[] = [];
      const sleep = async (ms: number) => {
        sleeps.push(ms);
        t += ms;
      };
      const err = await acquireWriteLockWaiting(db, "kinerja ingest", { waitSeconds: 3, clock: () => t, sleep }).catch((e) => e);
      expect(err).toBeInstanceOf(WarehouseBusyError);
      expect(err.message).toContain('"kinerja transform"');
      expect(err.message).toContain("Sudah menunggu 3 detik");
      // 100+200+400+800+1500 (the last pause is cut to what is left of the 3 s)
      expect(sleeps).toEqual([100, 200, 400, 800, 1500]);
      sleeps.length = 0;
      const now = await acquireWriteLockWaiting(db, "kinerja ingest", { waitSeconds: 0, clock: () => t, sleep }).catch((e) => e);
      expect(now).toBeInstanceOf(WarehouseBusyError);
      expect(now.message).toContain("pakai --wait");
      expect(sleeps).toEqual([]);
      expect(readLock(`${db}.lock`)?.command).toBe("kinerja transform");
    } finally {
      cleanup();
    }
  });

  it("is re-entrant in one process: only the outermost release frees the file", () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = path.join(dir, "w.duckdb");
      const outer = acquireWriteLock(db, "kinerja build");
      const inner = acquireWriteLock(db, "kinerja build");
      inner();
      inner(); // a release function works once
      expect(readLock(`${db}.lock`)?.pid).toBe(process.pid);
      outer();
      expect(fs.existsSync(`${db}.lock`)).toBe(false);
    } finally {
      cleanup();
    }
  });

  it("readers may open while the holder only reads; writers are still refused", () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = path.join(dir, "w.duckdb");
      foreignLock(db, "kinerja build");
      expect(() => assertReadable(db)).toThrow(WarehouseBusyError);
      foreignLock(db, "kinerja build", { readers: true });
      expect(() => assertReadable(db)).not.toThrow();
      expect(() => acquireWriteLock(db, "kinerja ingest")).toThrow(/"kinerja build"/);
      // allowReaders rewrites this process's own lock
      fs.rmSync(`${db}.lock`);
      const release = acquireWriteLock(db, "kinerja build");
      expect(readLock(`${db}.lock`)?.readers).toBeUndefined();
      allowReaders(db);
      expect(readLock(`${db}.lock`)).toMatchObject({ pid: process.pid, readers: true });
      release();
      expect(fs.existsSync(`${db}.lock`)).toBe(false);
    } finally {
      cleanup();
    }
  });

  it("a stale lock is taken over with a message naming the dead process; readers ignore it", () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = path.join(dir, "w.duckdb");
      const deadPid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
      fs.writeFileSync(`${db}.lock`, JSON.stringify({ pid: deadPid, command: "kinerja ingest", host: hostname(), since: "2026-01-01T00:00:00Z" }));
      expect(() => assertReadable(db)).not.toThrow();
      const lines: string[] = [];
      const release = acquireWriteLock(db, "kinerja ingest", { log: (l) => lines.push(l) });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`PID ${deadPid}`);
      expect(lines[0]).toContain("diambil alih");
      release();
    } finally {
      cleanup();
    }
  });
});
