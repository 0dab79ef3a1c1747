// One writer at a time. DuckDB's own file lock already stops a second writer, but its message names
// only a PID; this lock file names the command that holds the warehouse and since when, so a steward
// knows whom to wait for. A lock whose process is gone is stale and taken over (and said so).
//
// The lock is re-entrant inside one process (the CLI takes it before opening the warehouse, and
// Warehouse.open takes it again), and its holder may declare that it only reads now (`readers`):
// `kinerja build` keeps the lock through the site build, so no writer can change the warehouse under
// the data loaders, while the loaders (child processes) may open it read-only.
import fs from "node:fs";
import os from "node:os";

export interface LockHolder {
  pid: number;
  command: string;
  host: string;
  since: string; // ISO timestamp
  /** True while the holder only reads: read-only opens are allowed, writers still wait or are refused. */
  readers?: boolean;
}

export class WarehouseBusyError extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly path: string,
    waitedSeconds?: number,
  ) {
    super(
      `Gudang data ${path} sedang dipakai untuk menulis oleh "${holder.command}" (PID ${holder.pid}, ` +
        `${holder.host}, sejak ${formatWib(holder.since)}). ` +
        (waitedSeconds === undefined
          ? "Tunggu sampai proses itu selesai, lalu coba lagi (atau pakai --wait)."
          : `Sudah menunggu ${waitedSeconds.toLocaleString("id-ID", { maximumFractionDigits: 1 })} detik; coba lagi nanti.`),
    );
    this.name = "WarehouseBusyError";
  }
}

function formatWib(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    new Intl.DateTimeFormat("id-ID", {
      timeZone: "Asia/Jakarta",
      dateStyle: "medium",
      timeStyle: "medium",
    }).format(d) + " WIB"
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLock(lockPath: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

/** A holder that still counts: on another host (cannot be checked), or a live process here. */
function isLive(holder: LockHolder): boolean {
  return holder.host !== os.hostname() || isAlive(holder.pid);
}

/** Locks this process holds: lock path -> how many times taken (re-entrant). */
const held = new Map<string, { count: number; holder: LockHolder }>();

function writeHolder(lockPath: string, holder: LockHolder): void {
  const tmp = `${lockPath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(holder));
  fs.renameSync(tmp, lockPath);
}

export interface LockOptions {
  now?: () => Date;
  /** Told when a stale lock of a process that is gone is taken over. */
  log?: (line: string) => void;
}

/** Take the write lock or throw WarehouseBusyError. Returns the release function. */
export function acquireWriteLock(dbPath: string, command: string, options: LockOptions | (() => Date) = {}): () => void {
  const { now = () => new Date(), log } = typeof options === "function" ? { now: options } : options;
  const lockPath = `${dbPath}.lock`;
  const mine = held.get(lockPath);
  if (mine && readLock(lockPath)?.pid === process.pid) {
    mine.count++;
    return once(() => release(lockPath));
  }
  held.delete(lockPath);
  const me: LockHolder = { pid: process.pid, command, host: os.hostname(), since: now().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      try {
        fs.writeSync(fd, JSON.stringify(me));
      } finally {
        fs.closeSync(fd);
      }
      held.set(lockPath, { count: 1, holder: me });
      return once(() => release(lockPath));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = readLock(lockPath);
      if (holder && holder.pid !== process.pid && isLive(holder)) throw new WarehouseBusyError(holder, dbPath);
      // Stale (its process is gone) or unreadable: take it over.
      if (holder && holder.pid !== process.pid)
        log?.(
          `Kunci lama ${lockPath} dari "${holder.command}" (PID ${holder.pid}, sejak ${formatWib(holder.since)}) diambil alih: ` +
            `proses itu sudah tidak berjalan (berhenti di tengah jalan?). Muatan yang belum selesai tidak tersimpan.`,
        );
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Tidak dapat mengambil kunci ${lockPath}`);
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

function release(lockPath: string): void {
  const mine = held.get(lockPath);
  if (mine && --mine.count > 0) return;
  held.delete(lockPath);
  if (readLock(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
}

/**
 * The holder (this process) has finished writing and now only reads: let read-only opens in,
 * keep writers out. Used by `kinerja build` for the site build.
 */
export function allowReaders(dbPath: string): void {
  const lockPath = `${dbPath}.lock`;
  const mine = held.get(lockPath);
  if (!mine) throw new Error(`kunci ${lockPath} tidak dipegang proses ini`);
  mine.holder = { ...mine.holder, readers: true };
  writeHolder(lockPath, mine.holder);
}

/** Throw WarehouseBusyError when a live writer holds the warehouse (a read-only open must not start). */
export function assertReadable(dbPath: string): void {
  const holder = readLock(`${dbPath}.lock`);
  if (holder && !holder.readers && isLive(holder) && !(holder.pid === process.pid && held.has(`${dbPath}.lock`)))
    throw new WarehouseBusyError(holder, dbPath);
}

export interface WaitOptions extends LockOptions {
  /** How long to wait for a busy warehouse, in seconds (0: refuse at once; Infinity: no limit). */
  waitSeconds: number;
  /** Injected for tests; default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Monotonic milliseconds; default: performance.now. */
  clock?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Take the write lock, waiting up to `waitSeconds` for a busy warehouse: polls with backoff
 * (0,1 s doubling up to 2 s) and says once whom it waits for.
 */
export async function acquireWriteLockWaiting(dbPath: string, command: string, options: WaitOptions): Promise<() => void> {
  const { waitSeconds, sleep = realSleep, clock = () => performance.now(), log } = options;
  const start = clock();
  let delay = 100;
  let told = false;
  for (;;) {
    try {
      return acquireWriteLock(dbPath, command, options);
    } catch (e) {
      if (!(e instanceof WarehouseBusyError)) throw e;
      const waited = clock() - start;
      if (waited >= waitSeconds * 1000) {
        if (waitSeconds <= 0) throw e;
        throw new WarehouseBusyError(e.holder, dbPath, waited / 1000);
      }
      if (!told) {
        log?.(
          `Menunggu gudang data ${dbPath}: sedang dipakai oleh "${e.holder.command}" (PID ${e.holder.pid})` +
            (Number.isFinite(waitSeconds) ? `, paling lama ${waitSeconds.toLocaleString("id-ID")} detik.` : "."),
        );
        told = true;
      }
      await sleep(Math.min(delay, Math.max(1, waitSeconds * 1000 - waited)));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
