// Concurrent runs through the real CLI: two ingests at once (one proceeds, the other is refused at
// once naming the holder); an ingest while a build holds the warehouse for its site build (refused,
// or with --wait it waits and then loads, while read-only readers such as `kinerja status` and the
// site's data loaders are let in); `kinerja status` exits non-zero on a tampered warehouse.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../loaders/warehouse/connection.ts";
import { readLock } from "../../loaders/warehouse/lock.ts";
import { ROOT, tempDir } from "../helpers.ts";
import { writeSkm } from "./skm-gen.ts";

const tmp = tempDir("kinerja-bersamaan-");
const env = { ...process.env, KINERJA_DEBUG: "", KINERJA_SECRET_FILE: path.join(tmp.dir, "secret") };
const skmDir = path.join(tmp.dir, "ekspor", "skm");
const bigFiles = [2020, 2021, 2022].map((y) => path.join(skmDir, `skm_${y}.csv`));
const small = path.join(ROOT, "data", "sample", "layanan", "volume_2021.csv");
const STACK_LINE = /^\s+at /m;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): { child: ChildProcess; done: Promise<Run>; stderr: () => string } {
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "kinerja.js"), ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done, stderr: () => stderr };
}

const run = (args: string[]) => start(args).done;

async function until(what: string, ok: () => boolean, limitMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(() => {
  fs.mkdirSync(skmDir, { recursive: true });
  for (const [i, f] of bigFiles.entries()) writeSkm(f, 2020 + i, 60_000, 11);
});
afterAll(() => tmp.cleanup());

describe("two ingests at once", () => {
  it("the second is refused at once, naming the first; the first completes", async () => {
    const db = path.join(tmp.dir, "dua.duckdb");
    const first = start(["ingest", ...bigFiles, "--db", db]);
    await until("the first ingest to hold the lock", () => readLock(`${db}.lock`)?.pid === first.child.pid);
    const second = await run(["ingest", small, "--db", db]);
    // Refused while the first was still working.
    expect(first.child.exitCode).toBeNull();
    expect(second.code).toBe(1);
    const lines = second.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('sedang dipakai untuk menulis oleh "kinerja ingest"');
    expect(lines[0]).toContain(`PID ${first.child.pid}`);
    expect(second.stderr).not.toMatch(STACK_LINE);
    const r = await first.done;
    expect(r.code, r.stderr).toBe(0);
    const wh = await Warehouse.open({ path: db, readOnly: true });
    try {
      expect(await wh.one(`SELECT count(*) AS n FROM meta.loads`)).toEqual({ n: 3 });
      expect(await wh.one(`SELECT count(*) AS n FROM meta.loads WHERE source = 'layanan'`)).toEqual({ n: 0 });
    } finally {
      wh.close();
    }
  }, 300_000);
});

describe("an ingest during a site build", () => {
  let db: string;
  let holder: ChildProcess;
  let holderPid = 0;

  beforeAll(async () => {
    db = path.join(tmp.dir, "bangun.duckdb");
    const r = await run(["ingest", small, "--db", db]);
    if (r.code !== 0) throw new Error(r.stderr);
    holder = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "test", "reliability", "hold-build.ts"), db], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    holderPid = await new Promise<number>((resolve, reject) => {
      let out = "";
      let err = "";
      holder.stderr!.on("data", (d) => (err += d));
      holder.stdout!.on("data", (d) => {
        out += d;
        const m = /ready (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      holder.on("exit", (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (holder && holder.exitCode === null) {
      const exited = new Promise((r) => holder.on("exit", r));
      holder.stdin!.end();
      await exited;
    }
  });

  it("is refused with a message naming the build", async () => {
    const r = await run(["ingest", path.join(ROOT, "data", "sample", "layanan", "volume_2022.csv"), "--db", db]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`"kinerja build" (PID ${holderPid}`);
    expect(r.stderr).toContain("--wait");
  });

  it("lets readers in meanwhile (the site's data loaders, kinerja status)", async () => {
    const r = await run(["status", "--db", db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Integritas: buku muatan cocok dengan tabel.");
  });

  it("with --wait, waits for the build, says so, then loads", async () => {
    const waiting = start(["ingest", "--wait", path.join(ROOT, "data", "sample", "layanan", "volume_2022.csv"), "--db", db]);
    await until("the waiting message", () => waiting.stderr().includes("Menunggu"));
    expect(waiting.child.exitCode).toBeNull();
    expect(waiting.stderr()).toContain(`"kinerja build" (PID ${holderPid})`);
    const exited = new Promise((r) => holder.on("exit", r));
    holder.stdin!.end(); // the build finishes
    await exited;
    const r = await waiting.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("volume_2022.csv [layanan]: 76 baris, 76 diterima, 0 ditolak");
    expect(fs.existsSync(`${db}.lock`)).toBe(false);
  }, 120_000);

  it("--wait=seconds gives up after that long, naming the holder", async () => {
    const again = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "test", "reliability", "hold-build.ts"), db], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = "";
        again.stdout!.on("data", (d) => {
          out += d;
          if (out.includes("ready")) resolve();
        });
        again.on("exit", (code) => reject(new Error(`holder exited with ${code}`)));
      });
      const r = await run(["transform", "--wait=1", "--db", db]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('"kinerja build"');
      expect(r.stderr).toContain("Sudah menunggu");
      expect(r.stderr).not.toMatch(STACK_LINE);
    } finally {
      const exited = new Promise((r) => again.on("exit", r));
      again.stdin!.end();
      await exited;
    }
  }, 120_000);
});

describe("kinerja status on a tampered warehouse", () => {
  it("exits 0 when ledger and tables agree, 1 with the problem named when a table was changed", async () => {
    const db = path.join(tmp.dir, "utak-atik.duckdb");
    const r0 = await run(["ingest", small, "--db", db]);
    expect(r0.code, r0.stderr).toBe(0);
    const ok = await run(["status", "--db", db]);
    expect(ok.code).toBe(0);
    const wh = await Warehouse.open({ path: db });
    try {
      // 76 accepted rows; remove 10 of them behind the ledger's back
      await wh.exec(`DELETE FROM raw.layanan WHERE rowid IN (SELECT rowid FROM raw.layanan LIMIT 10)`);
    } finally {
      wh.close();
    }
    const bad = await run(["status", "--db", db]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("layanan: tabel mentah berisi 66 baris, buku muatan mengharapkan 76");
    expect(bad.stderr).toContain("integritas gudang data bermasalah");
    expect(bad.stderr).not.toMatch(STACK_LINE);
  }, 180_000);
});
