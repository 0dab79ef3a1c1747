// One writer at a time. DuckDB's own file lock already stops a second writer, but its message names
// only a PID; this lock file names the command that holds the warehouse and since when, so a steward
// knows whom to wait for. A lock whose process is gone is stale and taken over.
import fs from "node:fs";
import os from "node:os";

export interface LockHolder {
  pid: number;
  command: string;
  host: string;
  since: string; // ISO timestamp
}

export class WarehouseBusyError extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly path: string,
  ) {
    super(
      `Gudang data ${path} sedang dipakai untuk menulis oleh "${holder.command}" (PID ${holder.pid}, ` +
        `${holder.host}, sejak ${formatWib(holder.since)}). Tunggu sampai proses itu selesai, lalu coba lagi.`,
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

/** Take the write lock or throw WarehouseBusyError. Returns the release function. */
export function acquireWriteLock(dbPath: string, command: string, now: () => Date = () => new Date()): () => void {
  const lockPath = `${dbPath}.lock`;
  const me: LockHolder = { pid: process.pid, command, host: os.hostname(), since: now().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      try {
        fs.writeSync(fd, JSON.stringify(me));
      } finally {
        fs.closeSync(fd);
      }
      return () => {
        const holder = readLock(lockPath);
        if (holder?.pid === me.pid) fs.rmSync(lockPath, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = readLock(lockPath);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid) && holder.host === os.hostname())
        throw new WarehouseBusyError(holder, dbPath);
      if (holder && holder.host !== os.hostname()) throw new WarehouseBusyError(holder, dbPath);
      // Stale (its process is gone) or unreadable: take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Tidak dapat mengambil kunci ${lockPath}`);
}
