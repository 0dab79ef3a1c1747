// What a source folder declares. The engine (load.ts) does the rest the same way for every source.
import type { Contract } from "./contract.ts";

export interface RowRule {
  /** The column the rule is reported against. */
  column: string;
  /** Rule text as a steward reads it (Bahasa Indonesia). */
  rule: string;
  /** SQL predicate over the typed (and derived) columns that is TRUE when the row breaks the rule. */
  failsWhen: string;
}

/**
 * A row that repeats the key of an earlier row of the same file breaks the rule (the first one is
 * kept). Checked after the row rules, and listed after them, only for rows whose cells are valid.
 */
export interface UniqueRule {
  /** The column the rule is reported against. */
  column: string;
  /** Rule text as a steward reads it (Bahasa Indonesia). */
  rule: string;
  /** Typed (or derived) columns whose values together must not repeat within a file. */
  key: string[];
}

export interface SourceDefinition {
  name: string;
  /** Human title, Bahasa Indonesia. */
  title: string;
  contract: Contract;
  /** Columns recognised (so they are not reported as unknown) but never read: personal or free text. */
  dropped: { name: string; aliases: string[] }[];
  /** Groups of columns of which at least one must be present in the header (e.g. kode_opd or unit_kerja). */
  anyOf?: string[][];
  /**
   * Extra columns computed in SQL from the typed columns; an existing name is replaced. In a
   * subquery, qualify the row's own columns as `typed.<column>` (a reference table may share names).
   */
  derive?: Record<string, string>;
  /** SQL types of derived columns that are new (default VARCHAR). */
  deriveTypes?: Record<string, string>;
  /** Row rules that need more than one cell or reference data (relationships). */
  rowRules?: RowRule[];
  /**
   * Keys that must not repeat within a file. Not a row rule with a window (`row_number() OVER
   * (PARTITION BY key ORDER BY _row) > 1`, the same verdict): that window sorted every column of
   * every row; this is a grouping of the key columns of the checked rows (validate.ts uniqueSql).
   */
  unique?: UniqueRule[];
  /**
   * SQL expression over typed/derived columns naming the slice of data a row belongs to. A later load
   * that brings rows of a slice replaces the earlier rows of that slice (a corrected export).
   */
  partition: string;
  /** Typical folder names (data/sample/<folder>/...) used to recognise the source of a file. */
  folders: string[];
}
