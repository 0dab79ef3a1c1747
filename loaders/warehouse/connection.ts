// The one DuckDB connection of a process. Values cross into JavaScript here and only here:
// BIGINT/HUGEINT become numbers, DATE becomes an ISO "yyyy-mm-dd" string, timestamps stay Dates.
import fs from "node:fs";
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import { Kysely } from "kysely";
import { DuckDBDialect } from "./dialect.ts";
import { acquireWriteLock, assertReadable, WarehouseBusyError } from "./lock.ts";
import type { Database } from "./schema.ts";
import { SCHEMA_SQL } from "./ddl.ts";

export type Row = Record<string, unknown>;
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

export interface OpenOptions {
  /** File path, or ":memory:" for tests. */
  path: string;
  readOnly?: boolean;
  /** Shown to a second writer that is refused ("kinerja ingest"). */
  command?: string;
}

export class WarehouseMissingError extends Error {
  constructor(path: string) {
    super(`Gudang data ${path} belum ada. Jalankan dulu: npx kinerja build`);
    this.name = "WarehouseMissingError";
  }
}

export class Warehouse {
  readonly kysely: Kysely<Database>;
  private inTransaction = false;

  private constructor(
    readonly path: string,
    readonly readOnly: boolean,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly releaseLock: () => void,
  ) {
    this.kysely = new Kysely<Database>({ dialect: new DuckDBDialect(connection) });
  }

  static async open(options: OpenOptions): Promise<Warehouse> {
    const { path, readOnly = false, command = "kinerja" } = options;
    const memory = path === ":memory:";
    if (readOnly && !memory && !fs.existsSync(path)) throw new WarehouseMissingError(path);
    // A live writer keeps readers out; a build that only reads now (lock.ts allowReaders) does not.
    if (readOnly && !memory) assertReadable(path);
    const release = readOnly || memory ? () => {} : acquireWriteLock(path, command);
    let instance: DuckDBInstance | undefined;
    try {
      instance = await DuckDBInstance.create(path, readOnly ? { access_mode: "READ_ONLY" } : {});
      const connection = await instance.connect();
      // ICU is loaded only once the instance exists, so the zone cannot go in the create options.
      await connection.run("SET TimeZone = 'Asia/Jakarta'");
      const wh = new Warehouse(path, readOnly, instance, connection, release);
      if (!readOnly) await wh.exec(SCHEMA_SQL);
      return wh;
    } catch (e) {
      instance?.closeSync();
      release();
      throw translateDuckDBError(e, path);
    }
  }

  /** Run one or more statements without parameters. */
  async exec(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async query<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return toJsRows(reader.columnNames(), reader.columnTypes().map((t) => t.typeId), reader.getRowsJS()) as T[];
  }

  async one<T = Row>(sql: string, params?: Params): Promise<T> {
    const rows = await this.query<T>(sql, params);
    if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql.slice(0, 80)}`);
    return rows[0];
  }

  /** All or nothing: on any error the warehouse is left as it was. Not re-entrant. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new Error("nested transaction");
    this.inTransaction = true;
    await this.exec("BEGIN TRANSACTION");
    try {
      const result = await fn();
      await this.exec("COMMIT");
      return result;
    } catch (e) {
      await this.exec("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  close(): void {
    try {
      this.connection.closeSync();
      this.instance.closeSync();
    } finally {
      this.releaseLock();
    }
  }
}

export async function withWarehouse<T>(options: OpenOptions, fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await Warehouse.open(options);
  try {
    return await fn(wh);
  } finally {
    wh.close();
  }
}

export function toJsRows(names: string[], typeIds: DuckDBTypeId[], rows: unknown[][]): Row[] {
  return rows.map((values) => {
    const row: Row = {};
    for (let i = 0; i < names.length; i++) row[names[i]] = toJs(values[i], typeIds[i]);
    return row;
  });
}

function toJs(value: unknown, typeId: DuckDBTypeId): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
      throw new RangeError(`integer ${value} does not fit a JavaScript number`);
    return Number(value);
  }
  if (typeId === DuckDBTypeId.DATE && value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map((v) => toJs(v, DuckDBTypeId.ANY));
  if (typeof value === "object" && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    const out: Row = {};
    for (const [k, v] of Object.entries(value as Row)) out[k] = toJs(v, DuckDBTypeId.ANY);
    return out;
  }
  return value;
}

/** DuckDB's own lock message names only a PID; make it one clear line. */
export function translateDuckDBError(e: unknown, path: string): unknown {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(msg);
  if (m)
    return new WarehouseBusyError(
      { pid: Number(m[2]), command: m[1], host: "mesin ini", since: "(tidak diketahui)" },
      path,
    );
  return e;
}
