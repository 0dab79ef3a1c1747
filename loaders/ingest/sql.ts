// Small SQL helpers shared by the ingest engine.
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Parsing macros that mirror parseNumber, parseDate and loose in contract.ts exactly (tests compare
 * them value by value). TEMP: they live in the connection only. kp_number and kp_date try the
 * common spelling first ("3", "04/01/2021": one simple regular expression, then a cast; a single
 * digit, the usual survey answer, not even that) and give it the value the general rule gives it;
 * everything else takes the general rule.
 */
export const PARSE_MACROS_SQL = `
CREATE OR REPLACE TEMP MACRO kp_loose(v) AS
  lower(regexp_replace(strip_accents(v), '[^A-Za-z0-9]', '', 'g'));
CREATE OR REPLACE TEMP MACRO kp_last_pos(t, ch) AS
  CASE WHEN strpos(t, ch) = 0 THEN 0 ELSE length(t) - strpos(reverse(t), ch) + 1 END;
CREATE OR REPLACE TEMP MACRO kp_number_text(t) AS
  CASE
    WHEN NOT regexp_full_match(t, '[+-]?[0-9.,]+') OR NOT regexp_matches(t, '[0-9]') THEN NULL
    WHEN strpos(t, ',') > 0 AND strpos(t, '.') > 0 THEN
      CASE WHEN kp_last_pos(t, ',') > kp_last_pos(t, '.')
           THEN replace(replace(t, '.', ''), ',', '.')
           ELSE replace(t, ',', '') END
    WHEN strpos(t, ',') > 0 THEN
      CASE WHEN length(t) - length(replace(t, ',', '')) > 1 THEN NULL ELSE replace(t, ',', '.') END
    WHEN length(t) - length(replace(t, '.', '')) > 1 THEN
      CASE WHEN regexp_full_match(t, '[+-]?[0-9]{1,3}([.][0-9]{3})+') THEN replace(t, '.', '') ELSE NULL END
    ELSE t
  END;
CREATE OR REPLACE TEMP MACRO kp_number(v) AS
  CASE WHEN strlen(v) = 1 AND v >= '0' AND v <= '9' THEN CAST(v AS DOUBLE)
       WHEN regexp_full_match(v, '[0-9]{1,15}') THEN CAST(v AS DOUBLE)
       ELSE TRY_CAST(kp_number_text(regexp_replace(v, '\\s', '', 'g')) AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO kp_date(v) AS
  CASE
    WHEN regexp_full_match(v, '[0-9]{2}/[0-9]{2}/[0-9]{4}') THEN TRY_CAST(
      substr(v, 7, 4) || '-' || substr(v, 4, 2) || '-' || substr(v, 1, 2) AS DATE)
    WHEN regexp_full_match(v, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+)?') THEN TRY_CAST(left(v, 10) AS DATE)
    WHEN regexp_full_match(v, '[0-9]{1,2}[/-][0-9]{1,2}[/-][0-9]{4}') THEN TRY_CAST(
      regexp_extract(v, '^[0-9]{1,2}[/-][0-9]{1,2}[/-]([0-9]{4})$', 1) || '-' ||
      lpad(regexp_extract(v, '^[0-9]{1,2}[/-]([0-9]{1,2})[/-]', 1), 2, '0') || '-' ||
      lpad(regexp_extract(v, '^([0-9]{1,2})[/-]', 1), 2, '0') AS DATE)
    ELSE NULL
  END;
`;

/**
 * The `value` of the row of `table` one of whose `keys` columns equals `probe` loosely (kp_loose:
 * case, accents and punctuation ignored), or NULL. An uncorrelated lookup: the maps are built once
 * per statement and each row probes them, where a correlated `(SELECT value ... WHERE kp_loose(key)
 * = kp_loose(probe) LIMIT 1)` made DuckDB hold every row of the file for a join back. A probe spelled
 * exactly as a key (the usual case) is found without kp_loose; the exact map holds, for each spelling,
 * the loose map's value of that spelling, so both give the same answer. Where two rows of the table
 * share a loose key, the smallest value wins (LIMIT 1 took any one).
 */
export function looseLookup(table: string, value: string, keys: string[], probe: string): string {
  const pairs = keys.map((k) => `SELECT ${k} AS t, kp_loose(${k}) AS k, ${value} AS v FROM ${table}`).join(" UNION ALL ");
  const loose = `SELECT k, min(v) AS v FROM (${pairs}) WHERE k IS NOT NULL AND v IS NOT NULL GROUP BY k`;
  const exact = `(SELECT map_from_entries(list((t, l.v))) FROM (SELECT DISTINCT t, k FROM (${pairs}) WHERE t IS NOT NULL) AS e JOIN (${loose}) AS l USING (k))`;
  return `coalesce(map_extract_value(${exact}, ${probe}), map_extract_value((SELECT map_from_entries(list((k, v))) FROM (${loose})), kp_loose(${probe})))`;
}
