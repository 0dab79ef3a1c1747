// Small CSV writing helpers shared by the demo generators.

/** Quote a field per RFC 4180 when it contains the delimiter, a quote or a line break. */
export function field(value: string, delimiter: string): string {
  if (value.includes(delimiter) || value.includes('"') || value.includes("\n") || value.includes("\r")) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

export function line(values: readonly string[], delimiter: string): string {
  return values.map((v) => field(v, delimiter)).join(delimiter) + "\n";
}

/** Up to 2 decimals, trailing zeros dropped, no thousands separator; `comma` for a decimal comma. */
export function decimal(x: number, comma = false): string {
  let s = (Math.round(x * 100) / 100).toFixed(2).replace(/\.?0+$/, "");
  if (s === "-0") s = "0";
  return comma ? s.replace(".", ",") : s;
}

export const pad2 = (n: number) => String(n).padStart(2, "0");

/** dd/mm/yyyy */
export function dmy(d: Date): string {
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** Krejcie & Morgan minimum sample (DESIGN §5), rounded to nearest. */
export function krejcieMorgan(n: number): number {
  return Math.round((3.841 * n * 0.25) / (0.0025 * (n - 1) + 3.841 * 0.25));
}
