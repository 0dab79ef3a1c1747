// Map an export's header row onto a source's canonical columns: case-insensitive, ignoring spaces,
// underscores and punctuation; aliases from the contract and from the steward's alias file.
import { contractFields, loose } from "./contract.ts";
import type { SourceDefinition } from "./source.ts";

export interface HeaderMapping {
  /** canonical column -> index of the header cell */
  columns: Map<string, number>;
  /** header cells recognised as personal/free text and never read */
  dropped: string[];
  /** header cells not recognised at all (ignored, reported) */
  unknown: string[];
}

export class HeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HeaderError";
  }
}

/** Every accepted spelling of each canonical column, loosened. */
export function aliasTable(source: SourceDefinition, extra: Record<string, string[]> = {}): Map<string, string> {
  const table = new Map<string, string>();
  const add = (alias: string, canonical: string) => {
    const key = loose(alias);
    const existing = table.get(key);
    if (existing && existing !== canonical)
      throw new Error(`alias "${alias}" of ${source.name} maps to both ${existing} and ${canonical}`);
    table.set(key, canonical);
  };
  for (const { name, spec } of contractFields(source.contract)) {
    add(name, name);
    for (const a of spec.aliases ?? []) add(a, name);
    for (const a of extra[name] ?? []) add(a, name);
  }
  for (const d of source.dropped) for (const a of [d.name, ...d.aliases]) add(a, `!${d.name}`);
  return table;
}

export function mapHeaders(
  headers: string[],
  source: SourceDefinition,
  extraAliases: Record<string, string[]> = {},
): HeaderMapping {
  const table = aliasTable(source, extraAliases);
  const columns = new Map<string, number>();
  const dropped: string[] = [];
  const unknown: string[] = [];
  headers.forEach((header, index) => {
    const canonical = table.get(loose(header));
    if (canonical === undefined) {
      if (header.trim() !== "") unknown.push(header);
    } else if (canonical.startsWith("!")) dropped.push(header);
    else if (columns.has(canonical))
      throw new HeaderError(
        `kolom ganda: "${headers[columns.get(canonical)!]}" (kolom ${columns.get(canonical)! + 1}) dan "${header}" (kolom ${index + 1}) sama-sama berarti ${canonical}`,
      );
    else columns.set(canonical, index);
  });
  const inGroup = new Set((source.anyOf ?? []).flat());
  const missing = contractFields(source.contract)
    .filter((f) => f.spec.required && !inGroup.has(f.name) && !columns.has(f.name))
    .map((f) => f.name);
  for (const group of source.anyOf ?? [])
    if (!group.some((c) => columns.has(c))) missing.push(group.join(" atau "));
  if (missing.length > 0)
    throw new HeaderError(`kolom wajib tidak ditemukan di baris judul: ${missing.join(", ")} (${describeHeaders(headers)})`);
  return { columns, dropped, unknown };
}

const SHOWN_HEADER_CHARS = 300;

/**
 * The header row as a message shows it: printable, at most a few hundred characters, and called
 * unreadable when it is mostly control or replacement characters (a binary file, a wrong encoding).
 */
export function describeHeaders(headers: string[]): string {
  const text = headers.join(" | ");
  const chars = [...text];
  const odd = chars.filter((c) => !/[\p{L}\p{N} .,;:_\-/()%&'"#|?+*]/u.test(c)).length;
  if (chars.length > 0 && odd / chars.length > 0.3)
    return "baris judul tidak terbaca: berkas rusak, biner, atau bukan CSV/XLSX";
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  const shown = printable.length > SHOWN_HEADER_CHARS ? `${printable.slice(0, SHOWN_HEADER_CHARS)}… (${headers.length} kolom)` : printable;
  return `judul yang ada: ${shown}`;
}

/** How well a header row fits a source: the share of required columns present. Used to recognise a file. */
export function headerFit(headers: string[], source: SourceDefinition, extraAliases: Record<string, string[]> = {}): number {
  const table = aliasTable(source, extraAliases);
  const present = new Set(headers.map((h) => table.get(loose(h))).filter((c): c is string => !!c));
  const fields = contractFields(source.contract);
  const hits = fields.filter((f) => present.has(f.name)).length;
  return hits / fields.length;
}
