// SQL text that writes computed rows into a warehouse table, for the TypeScript models
// (loaders/models/mart/*.ts). Pure: returns statements; the model runs them. Values are written as
// SQL literals (strings quoted, non-finite numbers as NULL), in chunks so a statement stays small.
export type ColumnType = "VARCHAR" | "DOUBLE" | "INTEGER" | "BIGINT" | "BOOLEAN";

export type Columns<T> = readonly (readonly [keyof T & string, ColumnType])[];

function literal(v: unknown, type: ColumnType): string {
  if (v === null || v === undefined) return "NULL";
  switch (type) {
    case "VARCHAR":
      return `'${String(v).replace(/'/g, "''")}'`;
    case "BOOLEAN":
      return v ? "TRUE" : "FALSE";
    case "INTEGER":
    case "BIGINT": {
      const n = Number(v);
      if (!Number.isFinite(n)) return "NULL";
      if (!Number.isInteger(n)) throw new Error(`table: ${n} is not an integer`);
      return String(n);
    }
    case "DOUBLE": {
      const n = Number(v);
      // Full precision: String() round-trips a double exactly.
      return Number.isFinite(n) ? `${String(n)}::DOUBLE` : "NULL";
    }
  }
}

/** CREATE OR REPLACE `table` with the given columns, then INSERT the rows (chunks of `chunk`). */
export function writeTableSql<T extends object>(table: string, columns: Columns<T>, rows: readonly T[], chunk = 500): string[] {
  if (!/^[a-z_]+\.[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`table: bad table name ${table}`);
  const out = [`CREATE OR REPLACE TABLE ${table} (${columns.map(([c, t]) => `${c} ${t}`).join(", ")})`];
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows
      .slice(i, i + chunk)
      .map((r) => `(${columns.map(([c, t]) => literal((r as Record<string, unknown>)[c], t)).join(", ")})`);
    out.push(`INSERT INTO ${table} VALUES ${values.join(",\n")}`);
  }
  return out;
}

/** Runs the statements of writeTableSql on anything with exec(). */
export async function writeTable<T extends object>(
  wh: { exec(sql: string): Promise<void> },
  table: string,
  columns: Columns<T>,
  rows: readonly T[],
): Promise<void> {
  for (const sql of writeTableSql(table, columns, rows)) await wh.exec(sql);
}

/** Rows grouped by a key, in first-seen order (Map.groupBy is not in Node 20). */
export function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
