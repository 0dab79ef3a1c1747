// Open-data CSV with a Satu Data Indonesia style metadata block. Text cells that a spreadsheet would
// run as a formula (starting with = + - @ tab or CR) get a leading single quote.
export interface Metadata {
  judul: string;
  definisi: string;
  rumus: string;
  satuan: string;
  sumber: string;
  periode: string;
  tanggal_pembaruan: string;
  catatan?: string;
}

export interface Kolom<T> {
  key: keyof T & string;
  label?: string;
}

export function neutralise(value: unknown): string {
  if (value == null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "ya" : "tidak";
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return s;
}

function quote(s: string): string {
  return /[",\n\r;]/.test(s) || s.startsWith("'") ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<T extends object>(rows: T[], columns: Kolom<T>[], meta?: Metadata): string {
  const lines: string[] = [];
  if (meta) {
    // Metadata lines come first, each a "# key: value" comment line, then one empty line.
    for (const [k, v] of Object.entries(meta)) if (v) lines.push(`# ${k}: ${neutralise(v).replace(/[\r\n]+/g, " ")}`);
    lines.push("");
  }
  lines.push(columns.map((c) => quote(neutralise(c.key))).join(","));
  for (const r of rows) lines.push(columns.map((c) => quote(neutralise((r as Record<string, unknown>)[c.key]))).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** A download link (an <a download>) for the rows as CSV; the blob is made on click. */
export function csvLink<T extends object>(label: string, filename: string, rows: () => T[], columns: Kolom<T>[], meta?: Metadata): HTMLAnchorElement {
  const a = document.createElement("a");
  a.className = "unduh";
  a.textContent = label;
  a.href = "#";
  a.download = filename;
  a.addEventListener("click", (event) => {
    const blob = new Blob(["\ufeff" + toCsv(rows(), columns, meta)], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    a.href = url;
    setTimeout(() => {
      URL.revokeObjectURL(url);
      a.href = "#";
    }, 1000);
    void event;
  });
  return a;
}
