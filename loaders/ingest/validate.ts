// Compile a source contract into one set-based SQL statement: typed columns, derived columns, the
// replacement partition and, per row, the list of broken rules {kolom, aturan, nilai}. Each cell
// reports at most its first broken rule, exactly as the zod schema of the same field does.
import { contractFields, enumRule, loose, rangeRule, TOO_LARGE_RULE, type ContractField, type FieldSpec } from "./contract.ts";
import type { SourceDefinition } from "./source.ts";
import { ident, literal } from "./sql.ts";

export const REQUIRED_RULE = "wajib diisi";

export interface CompiledField {
  name: string;
  typed: string; // SQL expression of the typed value
  violation: string; // SQL expression: the rule text, or NULL
  sqlType: string;
  personal: boolean;
  kind: FieldSpec["kind"];
}

export function sqlType(spec: FieldSpec): string {
  switch (spec.kind) {
    case "int":
      return "BIGINT";
    case "decimal":
      return "DOUBLE";
    case "date":
      return "DATE";
    default:
      return "VARCHAR";
  }
}

/** Typed value and first-violation expressions for one field, over the raw text column. */
export function compileField({ name, spec }: ContractField, todaySql = "current_date"): CompiledField {
  const v = ident(name);
  const required = spec.required ? `WHEN ${v} IS NULL THEN ${literal(REQUIRED_RULE)}` : `WHEN ${v} IS NULL THEN NULL`;
  let typed: string;
  let checks: string[] = [];
  switch (spec.kind) {
    case "text": {
      typed = spec.compact ? `regexp_replace(${v}, '\\s+', '', 'g')` : v;
      if (spec.maxLength !== undefined)
        checks.push(`WHEN length(${typed}) > ${spec.maxLength} THEN ${literal(`lebih dari ${spec.maxLength} karakter`)}`);
      if (spec.pattern !== undefined)
        checks.push(
          `WHEN NOT regexp_full_match(${typed}, ${literal(spec.pattern)}) THEN ${literal(spec.patternRule ?? "format tidak sah")}`,
        );
      break;
    }
    case "int":
    case "decimal": {
      const n = `kp_number(${v})`;
      // TRY_CAST: a 20-digit number in an integer column is a rejected cell, not a failed load.
      typed = spec.kind === "int" ? `TRY_CAST(${n} AS BIGINT)` : n;
      checks.push(`WHEN ${n} IS NULL THEN 'bukan angka'`);
      if (spec.kind === "int") {
        checks.push(`WHEN ${n} <> floor(${n}) THEN 'bukan bilangan bulat'`);
        checks.push(`WHEN abs(${n}) > ${Number.MAX_SAFE_INTEGER} THEN ${literal(TOO_LARGE_RULE)}`);
      }
      const range = [
        spec.min !== undefined ? `${n} < ${spec.min}` : null,
        spec.max !== undefined ? `${n} > ${spec.max}` : null,
      ].filter(Boolean);
      if (range.length) checks.push(`WHEN ${range.join(" OR ")} THEN ${literal(rangeRule(spec.min, spec.max))}`);
      if (spec.kind === "int") typed = `CASE WHEN ${n} = floor(${n}) AND abs(${n}) <= ${Number.MAX_SAFE_INTEGER} THEN ${typed} END`;
      break;
    }
    case "date": {
      typed = `kp_date(${v})`;
      checks.push(`WHEN ${typed} IS NULL THEN 'bukan tanggal (dd/mm/yyyy atau yyyy-mm-dd)'`);
      if (spec.notBefore) checks.push(`WHEN ${typed} < DATE ${literal(spec.notBefore)} THEN ${literal(`sebelum ${spec.notBefore}`)}`);
      if (spec.notFuture) checks.push(`WHEN ${typed} > ${todaySql} THEN 'tanggal di masa depan'`);
      break;
    }
    case "enum": {
      const entries = Object.entries(spec.values).flatMap(([canonical, aliases]) =>
        [...new Set([canonical, ...aliases].map(loose))].map((a) => [a, canonical] as const),
      );
      const whens = entries.map(([a, canonical]) => `WHEN ${literal(a)} THEN ${literal(canonical)}`);
      // Fast path: a cell spelled exactly as a listed value (or its upper/lower case) skips kp_loose
      // (strip_accents and a regular expression). Its result is the loose lookup's own verdict for
      // that spelling, computed here: the first entry, as in the CASE below. Only plain ASCII
      // spellings, for which loose() and kp_loose agree by construction.
      const exact = new Map<string, string>();
      for (const [canonical, aliases] of Object.entries(spec.values))
        for (const a of [canonical, ...aliases])
          for (const s of [a, a.toUpperCase(), a.toLowerCase()]) {
            if (!/^[A-Za-z0-9][ A-Za-z0-9-]*$/.test(s) || s !== s.trim() || exact.has(s)) continue;
            const hit = entries.find(([l]) => l === loose(s));
            if (hit) exact.set(s, hit[1]);
          }
      const fast = [...exact].map(([s, canonical]) => `WHEN ${literal(s)} THEN ${literal(canonical)}`);
      typed = `CASE kp_loose(${v}) ${whens.join(" ")} END`;
      if (fast.length) typed = `CASE ${v} ${fast.join(" ")} ELSE ${typed} END`;
      checks.push(`WHEN ${typed} IS NULL THEN ${literal(enumRule(spec.values))}`);
      break;
    }
  }
  return {
    name,
    typed,
    violation: `CASE ${required} ${checks.join(" ")} END`,
    sqlType: sqlType(spec),
    personal: spec.personal !== undefined,
    kind: spec.kind,
  };
}

/**
 * The projection from the landed text (`fromTable`: _row, _blank, one VARCHAR per canonical column;
 * for personal columns, the pseudonym and a precomputed `<name>__rule`) to `_checked`, which keeps
 * `_blank` (blank rows are checked too, and left out by the caller).
 */
export function checkedSql(source: SourceDefinition, fromTable: string, todaySql: string): string {
  const fields = contractFields(source.contract).map((f) => compileField(f, todaySql));
  // A field's parse (kp_number, kp_date, kp_loose: regular expressions) appears in its typed value
  // and in several of its checks; DuckDB does not share subexpressions under CASE, so each would
  // run up to six times per cell. Parse once per cell in a stage of its own, then refer to it.
  const parsed: string[] = [];
  for (const f of fields) {
    if (f.personal) continue;
    if (f.kind === "enum") {
      // The whole lookup (with its fast path) once per cell: its value and its check both read it.
      const alias = ident(`${f.name}__enum`);
      parsed.push(`${f.typed} AS ${alias}`);
      f.violation = f.violation.split(f.typed).join(alias);
      f.typed = alias;
      continue;
    }
    for (const macro of ["kp_number", "kp_date"]) {
      const call = `${macro}(${ident(f.name)})`;
      if (!f.typed.includes(call) && !f.violation.includes(call)) continue;
      const alias = ident(`${f.name}__${macro}`);
      parsed.push(`${call} AS ${alias}`);
      f.typed = f.typed.split(call).join(alias);
      f.violation = f.violation.split(call).join(alias);
    }
  }
  const typedCols = fields.map((f) =>
    f.personal
      ? `${ident(f.name)} AS ${ident(f.name)}, ${ident(f.name + "__rule")} AS ${ident(f.name + "__v")}, NULL::VARCHAR AS ${ident(f.name + "__raw")}`
      : `CAST(${f.typed} AS ${f.sqlType}) AS ${ident(f.name)}, ${f.violation} AS ${ident(f.name + "__v")}, ${ident(f.name)} AS ${ident(f.name + "__raw")}`,
  );
  const names = new Set(fields.map((f) => f.name));
  const derive = Object.entries(source.derive ?? {});
  const replaced = derive.filter(([n]) => names.has(n));
  const added = derive.filter(([n]) => !names.has(n));
  const deriveSelect =
    (replaced.length ? `* REPLACE (${replaced.map(([n, e]) => `(${e}) AS ${ident(n)}`).join(", ")})` : "*") +
    added.map(([n, e]) => `, (${e}) AS ${ident(n)}`).join("");
  const violationItems = [
    ...fields.map(
      (f) =>
        `CASE WHEN ${ident(f.name + "__v")} IS NOT NULL THEN {'kolom': ${literal(f.name)}, 'aturan': ${ident(f.name + "__v")}, 'nilai': ${ident(f.name + "__raw")}} END`,
    ),
    ...(source.rowRules ?? []).map((r) => {
      const raw = names.has(r.column) ? ident(r.column + "__raw") : `CAST(${ident(r.column)} AS VARCHAR)`;
      // A row rule speaks only when the cells it reads are themselves valid.
      const cellsOk = fields.map((f) => `${ident(f.name + "__v")} IS NULL`).join(" AND ");
      return `CASE WHEN (${cellsOk}) AND coalesce((${r.failsWhen}), false) THEN {'kolom': ${literal(r.column)}, 'aturan': ${literal(r.rule)}, 'nilai': ${raw}} END`;
    }),
  ];
  // Most rows break no rule: give them the empty list without building one struct per field and
  // filtering it (CASE evaluates the ELSE only for the rows that reach it).
  const cellsOk = fields.map((f) => `${ident(f.name + "__v")} IS NULL`).join(" AND ");
  const rowOk = [cellsOk || "true", ...(source.rowRules ?? []).map((r) => `NOT coalesce((${r.failsWhen}), false)`)].join(" AND ");
  const outputCols = [...fields.map((f) => f.name), ...added.map(([n]) => n)];
  // For the unique rules, checked afterwards on the materialised rows (uniqueSql): whether every
  // cell is valid (a rule speaks only then) and the text each rule quarantines.
  const uniqueCols = (source.unique ?? []).length
    ? [
        `(${cellsOk || "true"}) AS _cells_ok`,
        ...(source.unique ?? []).map(
          (r, i) => `${names.has(r.column) ? ident(r.column + "__raw") : `CAST(${ident(r.column)} AS VARCHAR)`} AS ${ident(`_unique_raw_${i}`)}`,
        ),
      ].map((c) => `,\n  ${c}`).join("")
    : "";
  return `
WITH parsed AS (SELECT *${parsed.map((p) => `, ${p}`).join("")} FROM ${fromTable}),
typed AS (SELECT _row, _blank, ${typedCols.join(",\n  ")} FROM parsed),
derived AS (SELECT ${deriveSelect} FROM typed)
SELECT _row, _blank, ${outputCols.map(ident).join(", ")},
  CAST((${source.partition}) AS VARCHAR) AS _partisi,
  CASE WHEN ${rowOk} THEN CAST([] AS STRUCT(kolom VARCHAR, aturan VARCHAR, nilai VARCHAR)[])
  ELSE list_filter([${violationItems.join(",\n    ")}], x -> x IS NOT NULL) END AS _violations${uniqueCols}
FROM derived`;
}

/**
 * After `table` was created by checkedSql: the statements that append each unique rule's break to
 * the rows that repeat the key of an earlier row (smaller _row) and whose cells are all valid —
 * the verdict of `row_number() OVER (PARTITION BY key ORDER BY _row) > 1` as the last row rule.
 * NULL keys group together, as they partition together.
 */
export function uniqueSql(source: SourceDefinition, table: string): string[] {
  return (source.unique ?? []).map((r, i) => {
    const key = r.key.map(ident);
    const same = key.map((k) => `t.${k} IS NOT DISTINCT FROM k.${k}`).join(" AND ");
    return `UPDATE ${table} AS t SET _violations = list_append(t._violations,
        CAST({'kolom': ${literal(r.column)}, 'aturan': ${literal(r.rule)}, 'nilai': t.${ident(`_unique_raw_${i}`)}} AS STRUCT(kolom VARCHAR, aturan VARCHAR, nilai VARCHAR)))
      FROM (SELECT ${key.join(", ")}, min(_row) AS _first FROM ${table} GROUP BY ALL HAVING count(*) > 1) AS k
      WHERE ${same} AND t._row > k._first AND t._cells_ok`;
  });
}

/** Column names and SQL types of raw.<source>, after the ingest bookkeeping columns. */
export function rawColumns(source: SourceDefinition): { name: string; type: string }[] {
  const fields = contractFields(source.contract).map((f) => ({ name: f.name, type: sqlType(f.spec) }));
  const names = new Set(fields.map((f) => f.name));
  const added = Object.keys(source.derive ?? {})
    .filter((n) => !names.has(n))
    .map((name) => ({ name, type: source.deriveTypes?.[name] ?? "VARCHAR" }));
  return [...fields, ...added];
}
