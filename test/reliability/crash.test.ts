// Crash safety: the real `kinerja ingest` is SIGKILLed at ten points spread over a large load
// (three files of 60,000 SKM responses after a first, small load). After each kill the warehouse
// opens; the ledger holds only whole loads, each one exactly as a clean run recorded it; the row
// counts are the state before the killed load (the files finished before the kill, nothing of the
// one in progress); the dead process's lock is taken over with a message naming it; and a rerun
// completes with the counts of a clean single load and no file loaded twice.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../loaders/warehouse/connection.ts";
import { readLock } from "../../loaders/warehouse/lock.ts";
import { gatherStatus } from "../../loaders/status.ts";
import { ROOT, tempDir } from "../helpers.ts";
import { writeSkm } from "./skm-gen.ts";

const ROWS = 60_000;
// Kill points: one during start-up (before the lock is taken), then fractions of the time a clean
// run spends after taking the lock, counted from the moment the killed run takes it.
const KILL_FRACTIONS = [-1, 0.02, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 0.9];

const tmp = tempDir("kinerja-crash-");
const skmDir = path.join(tmp.dir, "ekspor", "skm");
const first = path.join(skmDir, "skm_2019.csv");
const big = [2020, 2021, 2022].map((y) => path.join(skmDir, `skm_${y}.csv`));
const template = path.join(tmp.dir, "sebelum.duckdb");
const env = { ...process.env, KINERJA_DEBUG: "", KINERJA_SECRET_FILE: path.join(tmp.dir, "secret") };

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  pid: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `kinerja ingest`. With `kill`: SIGKILL it `afterMs` after it took the lock (or, with
 * `beforeLock`, that long after it started). `lockedAt` tells when the lock file first named it.
 */
function ingest(db: string, files: string[], kill?: { afterMs: number; beforeLock?: boolean }): Promise<Run & { lockedAt: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "kinerja.js"), "ingest", ...files, "--db", db, "--max-rejected", "0,5"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const t0 = performance.now();
    let lockedAt: number | null = null;
    let timer: NodeJS.Timeout | undefined;
    if (kill?.beforeLock) timer = setTimeout(() => child.kill("SIGKILL"), kill.afterMs);
    const poll = setInterval(() => {
      if (lockedAt === null && readLock(`${db}.lock`)?.pid === child.pid) {
        lockedAt = performance.now() - t0;
        if (kill && !kill.beforeLock) timer = setTimeout(() => child.kill("SIGKILL"), kill.afterMs);
      }
    }, 5);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ code, signal, pid: child.pid!, stdout, stderr, lockedAt });
    });
  });
}

interface Ledger {
  file: string;
  sha256: string;
  status: string;
  rows_in: number;
  rows_ok: number;
  rows_rejected: number;
}

interface State {
  ledger: Ledger[];
  raw: number;
  quarantined: number;
  perLoad: { load_id: number; sha256: string; raw: number; quarantined: number; rows_ok: number; rows_rejected: number }[];
  integrity: string[];
}

async function state(db: string): Promise<State> {
  const wh = await Warehouse.open({ path: db, readOnly: true });
  try {
    return {
      ledger: await wh.query<Ledger>(`SELECT file, sha256, status, rows_in, rows_ok, rows_rejected FROM meta.loads ORDER BY load_id`),
      raw: (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM raw.skm`)).n,
      quarantined: (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM quarantine.skm`)).n,
      perLoad: await wh.query(
        `SELECT l.load_id, l.sha256, l.rows_ok, l.rows_rejected,
           (SELECT count(*) FROM raw.skm r WHERE r._load_id = l.load_id) AS raw,
           (SELECT count(DISTINCT baris) FROM quarantine.skm q WHERE q._load_id = l.load_id) AS quarantined
         FROM meta.loads l ORDER BY l.load_id`,
      ),
      integrity: (await gatherStatus(wh)).integrity,
    };
  } finally {
    wh.close();
  }
}

function copyDb(from: string, to: string) {
  fs.copyFileSync(from, to);
  if (fs.existsSync(`${from}.wal`)) fs.copyFileSync(`${from}.wal`, `${to}.wal`);
}

let before: State;
let clean: State;
let lockedMs = 0;
let outcomes: { fraction: number; killed: Run; after: State; lockPid: number | null; rerun: Run; final: State }[] = [];

beforeAll(async () => {
  fs.mkdirSync(skmDir, { recursive: true });
  writeSkm(first, 2019, 2_000, 7);
  for (const [i, f] of big.entries()) writeSkm(f, 2020 + i, ROWS, 7);
  const r0 = await ingest(template, [first]);
  if (r0.code !== 0) throw new Error(`first load failed: ${r0.stderr}`);
  before = await state(template);
  // A clean single load of the big files, timed to spread the kill points over it.
  const cleanDb = path.join(tmp.dir, "bersih.duckdb");
  copyDb(template, cleanDb);
  const t0 = performance.now();
  const r1 = await ingest(cleanDb, big);
  const cleanMs = performance.now() - t0;
  if (r1.code !== 0 || r1.lockedAt === null) throw new Error(`clean load failed: ${r1.stderr}`);
  lockedMs = cleanMs - r1.lockedAt;
  clean = await state(cleanDb);
  for (const [i, fraction] of KILL_FRACTIONS.entries()) {
    const db = path.join(tmp.dir, `mati-${i}.duckdb`);
    copyDb(template, db);
    const killed = await ingest(db, big, fraction < 0 ? { afterMs: 300, beforeLock: true } : { afterMs: Math.round(lockedMs * fraction) });
    const lockPid = readLock(`${db}.lock`)?.pid ?? null;
    const after = await state(db);
    const rerun = await ingest(db, big);
    outcomes.push({ fraction, killed, after, lockPid, rerun, final: await state(db) });
  }
}, 900_000);
afterAll(() => {
  // Where the kills landed (files finished before each kill), for the record: artifacts/ is not committed.
  const out = path.join(ROOT, "artifacts", "reliability");
  fs.mkdirSync(out, { recursive: true });
  const summary = outcomes.map((o) => ({
    point: o.fraction < 0 ? "start-up" : `${o.fraction} after lock`,
    killed: o.killed.signal === "SIGKILL",
    filesFinished: o.after.ledger.length - before.ledger.length,
    staleLock: o.lockPid !== null,
  }));
  fs.writeFileSync(path.join(out, "crash.json"), JSON.stringify({ lockedMs: Math.round(lockedMs), summary }, null, 2) + "\n");
  tmp.cleanup();
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("SIGKILL during a large load", () => {
  it("the reference runs are whole: 2,000 rows before, 180,000 more after a clean load", () => {
    expect(before.ledger).toHaveLength(1);
    expect(before.ledger[0].rows_in).toBe(2_000);
    expect(clean.ledger.map((l) => l.rows_in)).toEqual([2_000, ROWS, ROWS, ROWS]);
    expect(clean.raw).toBe(sum(clean.ledger.map((l) => l.rows_ok)));
    expect(clean.integrity).toEqual([]);
  });

  it("every kill leaves only whole loads, each exactly as the clean run recorded it", () => {
    expect(outcomes).toHaveLength(KILL_FRACTIONS.length);
    const cleanBySha = new Map(clean.ledger.map((l) => [l.sha256, l]));
    for (const o of outcomes) {
      const label = `kill at ${o.fraction}`;
      // The ledger is the earlier ledger plus a prefix of the big files, in order, all 'loaded'.
      expect(o.after.ledger.slice(0, 1), label).toEqual(before.ledger);
      const done = o.after.ledger.slice(1);
      expect(done.map((l) => l.sha256), label).toEqual(clean.ledger.slice(1, 1 + done.length).map((l) => l.sha256));
      for (const l of o.after.ledger) {
        expect(l.status, label).toBe("loaded");
        expect(l.rows_in, label).toBe(l.rows_ok + l.rows_rejected);
        expect({ ...l, file: "" }, label).toEqual({ ...cleanBySha.get(l.sha256)!, file: "" });
      }
      // Row counts: the state before the killed load, i.e. only the loads the ledger shows.
      expect(o.after.raw, label).toBe(sum(o.after.ledger.map((l) => l.rows_ok)));
      for (const p of o.after.perLoad) {
        expect(p.raw, label).toBe(p.rows_ok);
        expect(p.quarantined, label).toBe(p.rows_rejected);
      }
      expect(o.after.integrity, label).toEqual([]);
    }
  });

  it("a killed run that held the lock leaves it behind; the rerun takes it over and says whose it was", () => {
    let stale = 0;
    for (const o of outcomes) {
      if (o.killed.signal !== "SIGKILL") continue; // finished before the kill
      // killed during start-up, before it took the lock: nothing to take over
      if (o.fraction < 0 && o.lockPid === null) continue;
      stale++;
      expect(o.lockPid).toBe(o.killed.pid);
      expect(o.rerun.stderr).toContain("diambil alih");
      expect(o.rerun.stderr).toContain(`PID ${o.killed.pid}`);
    }
    // Every kill timed from the lock found it taken (and most left a run in progress).
    expect(stale).toBeGreaterThanOrEqual(1);
  });

  it("every rerun completes with exactly the counts of a clean single load, no file twice", () => {
    for (const o of outcomes) {
      const label = `rerun after kill at ${o.fraction}`;
      expect(o.rerun.code, `${label}: ${o.rerun.stderr}`).toBe(0);
      expect(o.rerun.stderr, label).not.toMatch(/^\s+at /m);
      expect(o.final.raw, label).toBe(clean.raw);
      expect(o.final.quarantined, label).toBe(clean.quarantined);
      expect(o.final.ledger.map((l) => l.sha256).sort(), label).toEqual(clean.ledger.map((l) => l.sha256).sort());
      expect(new Set(o.final.ledger.map((l) => l.sha256)).size, label).toBe(o.final.ledger.length);
      expect(o.final.integrity, label).toEqual([]);
    }
  });
});
