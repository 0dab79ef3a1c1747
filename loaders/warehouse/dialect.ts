// A small Kysely dialect over @duckdb/node-api. DuckDB speaks PostgreSQL's SQL closely enough for
// Kysely's Postgres compiler ($n parameters, RETURNING, double-quoted identifiers). The published
// kysely-duckdb package has date and typing faults (DESIGN §6), hence our own. Bulk data never goes
// through here: use read_csv / INSERT ... SELECT or the Appender.
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from "kysely";
import { toJsRows } from "./connection.ts";

function toDuckDBParam(value: unknown): DuckDBValue {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value as DuckDBValue;
}

class DuckDBKyselyConnection implements DatabaseConnection {
  constructor(private readonly connection: DuckDBConnection) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const reader = await this.connection.runAndReadAll(compiled.sql, compiled.parameters.map(toDuckDBParam));
    const rows = toJsRows(reader.columnNames(), reader.columnTypes().map((t) => t.typeId), reader.getRowsJS());
    const kind = compiled.query.kind;
    const isWrite = kind === "InsertQueryNode" || kind === "UpdateQueryNode" || kind === "DeleteQueryNode";
    if (isWrite && reader.columnNames().length === 1 && reader.columnNames()[0] === "Count" && rows.length === 1) {
      // DuckDB answers a write without RETURNING with one "Count" row.
      return { rows: [], numAffectedRows: BigInt(rows[0].Count as number) };
    }
    return { rows: rows as R[] };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not supported by the DuckDB dialect; use the Warehouse directly");
  }
}

class DuckDBDriver implements Driver {
  private readonly conn: DuckDBKyselyConnection;
  constructor(connection: DuckDBConnection) {
    this.conn = new DuckDBKyselyConnection(connection);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.conn;
  }
  async beginTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery({ sql: "BEGIN TRANSACTION", parameters: [], query: { kind: "RawNode" } } as unknown as CompiledQuery);
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery({ sql: "COMMIT", parameters: [], query: { kind: "RawNode" } } as unknown as CompiledQuery);
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery({ sql: "ROLLBACK", parameters: [], query: { kind: "RawNode" } } as unknown as CompiledQuery);
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

export class DuckDBDialect implements Dialect {
  constructor(private readonly connection: DuckDBConnection) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new DuckDBDriver(this.connection);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
