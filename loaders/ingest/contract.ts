// A source contract is declared once, as field builders. Each builder returns a zod schema that
// parses one raw cell (a string or null, as it comes out of a CSV/XLSX export) and registers the
// same rule set as data, which `validate.ts` compiles to set-based SQL. Tests check that the zod
// verdict and the SQL verdict agree value by value, so the two can never drift apart.
import { z } from "zod";

export type Personal = "pseudonymise";

interface Common {
  /** Header spellings accepted besides the canonical name (matched loosely, see headers.ts). */
  aliases?: string[];
  required?: boolean;
  /** Personal data: the value is replaced by a keyed pseudonym before anything is stored. */
  personal?: Personal;
  /** One line for the data dictionary (Bahasa Indonesia). */
  description?: string;
}

export type FieldSpec = Common &
  (
    | {
        kind: "text";
        maxLength?: number;
        /** A full-match regular expression (kept to the syntax RE2 and JavaScript share). */
        pattern?: string;
        patternRule?: string;
        /** Remove every space inside the value first (NIP is often exported as "19850101 201001 1 001"). */
        compact?: boolean;
      }
    | { kind: "int"; min?: number; max?: number }
    | { kind: "decimal"; min?: number; max?: number }
    | { kind: "date"; notFuture?: boolean; notBefore?: string }
    | { kind: "enum"; values: Record<string, string[]> }
  );

export const fieldRegistry = z.registry<FieldSpec>();

/** The raw cell: trimmed; empty means absent. */
const cell = z
  .union([z.string(), z.null(), z.undefined()])
  .transform((v) => (v == null || v.trim() === "" ? null : v.trim()));

/** Parse an Indonesian or international number: "1.234,5", "1234.5", "2,5". Null when not a number. */
export function parseNumber(text: string): number | null {
  let t = text.replace(/\s/g, "");
  if (!/^[+-]?[\d.,]+$/.test(t) || !/\d/.test(t)) return null;
  const lastComma = t.lastIndexOf(",");
  const lastDot = t.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) {
    t = lastComma > lastDot ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
  } else if (lastComma >= 0) {
    if ((t.match(/,/g) ?? []).length > 1) return null;
    t = t.replace(",", ".");
  } else if ((t.match(/\./g) ?? []).length > 1) {
    // "1.234.567": dots as thousands separators
    if (!/^[+-]?\d{1,3}(\.\d{3})+$/.test(t)) return null;
    t = t.replace(/\./g, "");
  }
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** ISO yyyy-mm-dd or Indonesian dd/mm/yyyy (also dd-mm-yyyy), validated as a real calendar day. */
export function parseDate(text: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+)?$/.exec(text);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [+m[1], +m[2], +m[3]];
  else {
    m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(text);
    if (!m) return null;
    [d, mo, y] = [+m[1], +m[2], +m[3]];
  }
  // setUTCFullYear, not Date.UTC: Date.UTC maps the years 0-99 to 1900-1999.
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d);
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Today in Asia/Jakarta, yyyy-mm-dd: the default "today" of notFuture, as the warehouse's TimeZone. */
export function todayJakarta(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());
}

/** Loose form used to match headers and enum values: lower case, letters and digits only. */
export function loose(text: string): string {
  return text
    // NFD, not NFKD: DuckDB's strip_accents (kp_loose) removes marks but does not fold
    // compatibility forms such as full-width digits, and the two must agree.
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

function register<T extends z.ZodType>(schema: T, spec: FieldSpec): T {
  fieldRegistry.add(schema, spec);
  return schema;
}

function requiredCheck(spec: Common) {
  return (v: unknown, ctx: z.RefinementCtx) => {
    if (v === null && spec.required) ctx.addIssue({ code: "custom", message: "wajib diisi" });
  };
}

export const field = {
  text(spec: Omit<Extract<FieldSpec, { kind: "text" }>, "kind"> = {}) {
    const s = cell
      .transform((v) => (v !== null && spec.compact ? v.replace(/\s+/g, "") : v))
      .superRefine(requiredCheck(spec))
      .superRefine((v, ctx) => {
      if (v === null) return;
      if (spec.maxLength !== undefined && v.length > spec.maxLength)
        ctx.addIssue({ code: "custom", message: `lebih dari ${spec.maxLength} karakter` });
      else if (spec.pattern !== undefined && !new RegExp(`^(?:${spec.pattern})$`).test(v))
        ctx.addIssue({ code: "custom", message: spec.patternRule ?? "format tidak sah" });
    });
    return register(s, { kind: "text", ...spec });
  },
  int(spec: Omit<Extract<FieldSpec, { kind: "int" }>, "kind"> = {}) {
    return register(numberSchema(spec, true), { kind: "int", ...spec });
  },
  decimal(spec: Omit<Extract<FieldSpec, { kind: "decimal" }>, "kind"> = {}) {
    return register(numberSchema(spec, false), { kind: "decimal", ...spec });
  },
  date(spec: Omit<Extract<FieldSpec, { kind: "date" }>, "kind"> & { today?: () => string } = {}) {
    const { today, ...rest } = spec;
    const s = cell.superRefine(requiredCheck(spec)).transform((v, ctx) => {
      if (v === null) return null;
      const d = parseDate(v);
      if (d === null) {
        ctx.addIssue({ code: "custom", message: "bukan tanggal (dd/mm/yyyy atau yyyy-mm-dd)" });
        return z.NEVER;
      }
      // One rule per cell, the first that fails, exactly as the SQL compiler reports it.
      if (spec.notBefore && d < spec.notBefore) ctx.addIssue({ code: "custom", message: `sebelum ${spec.notBefore}` });
      else if (spec.notFuture && d > (today ?? todayJakarta)()) ctx.addIssue({ code: "custom", message: "tanggal di masa depan" });
      return d;
    });
    return register(s, { kind: "date", ...rest });
  },
  enum(values: Record<string, string[]>, spec: Common = {}) {
    const lookup = new Map<string, string>();
    for (const [canonical, aliases] of Object.entries(values))
      for (const a of [canonical, ...aliases]) lookup.set(loose(a), canonical);
    const s = cell.superRefine(requiredCheck(spec)).transform((v, ctx) => {
      if (v === null) return null;
      const c = lookup.get(loose(v));
      if (c === undefined) {
        ctx.addIssue({ code: "custom", message: enumRule(values) });
        return z.NEVER;
      }
      return c;
    });
    return register(s, { kind: "enum", values, ...spec });
  },
};

export function enumRule(values: Record<string, string[]>): string {
  return `bukan salah satu dari: ${Object.keys(values).join(", ")}`;
}

function numberSchema(spec: Common & { min?: number; max?: number }, integer: boolean) {
  return cell.superRefine(requiredCheck(spec)).transform((v, ctx) => {
    if (v === null) return null;
    const n = parseNumber(v);
    if (n === null) {
      ctx.addIssue({ code: "custom", message: "bukan angka" });
      return z.NEVER;
    }
    if (integer && !Number.isInteger(n)) ctx.addIssue({ code: "custom", message: "bukan bilangan bulat" });
    // Beyond 2^53 an integer is neither exact in JavaScript nor castable to BIGINT everywhere.
    else if (integer && !Number.isSafeInteger(n)) ctx.addIssue({ code: "custom", message: TOO_LARGE_RULE });
    else if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
      ctx.addIssue({ code: "custom", message: rangeRule(spec.min, spec.max) });
    return n;
  });
}

export const TOO_LARGE_RULE = "angka terlalu besar";

export function rangeRule(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `di luar rentang ${min}-${max}`;
  if (min !== undefined) return `kurang dari ${min}`;
  return `lebih dari ${max}`;
}

export type Contract = z.ZodObject<Record<string, z.ZodType>>;

export interface ContractField {
  name: string;
  spec: FieldSpec;
}

/** The fields of a contract, in declaration order, with their registered rules. */
export function contractFields(contract: Contract): ContractField[] {
  return Object.entries(contract.shape).map(([name, schema]) => {
    const spec = fieldRegistry.get(schema);
    if (!spec) throw new Error(`contract field ${name} was not declared with field.*()`);
    return { name, spec };
  });
}
