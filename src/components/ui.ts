// Page building blocks. Everything that shows data is built with DOM text nodes (never innerHTML),
// so names from the reference data cannot inject markup.
import { STATUS_IKON, labelPeriode, tanggal, waktu } from "./format.js";
import type { Metadata, Kolom } from "./csv.js";
import { csvLink } from "./csv.js";

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (attrs)
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === "class") e.className = String(v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
  append(e, children);
  return e;
}

function append(parent: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    parent.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

export interface Meta {
  demo: boolean;
  diperbarui: string | null;
  dimuat_terakhir: string | null;
}

/** The notice shown on every page while the warehouse holds the synthetic demo exports. */
export function banner(meta: Meta): HTMLElement {
  const updated = el("span", { class: "diperbarui" }, `Data diperbarui ${waktu(meta.diperbarui)}.`);
  if (!meta.demo) return el("p", { class: "info-data" }, updated);
  return el(
    "div",
    { class: "banner-demo", role: "note", "aria-label": "Pemberitahuan data contoh" },
    el("strong", null, "Data contoh (sintetis). "),
    "Angka di halaman ini berasal dari data demo yang dibangkitkan komputer, bukan data resmi Pemerintah Kota Pariaman. ",
    updated,
  );
}

/** Status of a capaian as icon and text together (never colour alone). */
export function status(s: string | null | undefined): HTMLElement {
  const key = s ?? "belum lapor";
  return el(
    "span",
    { class: `status status-${key.replace(/\s+/g, "-")}` },
    el("span", { class: "ikon", "aria-hidden": "true" }, STATUS_IKON[key] ?? "•"),
    " ",
    key,
  );
}

export function mutu(m: string | null | undefined, kinerja?: string | null): HTMLElement {
  if (!m) return el("span", null, "–");
  return el("span", { class: `mutu mutu-${m}` }, el("b", null, m), kinerja ? ` ${kinerja}` : null);
}

export interface Column<T> {
  label: string;
  value: (row: T) => Child;
  /** numeric columns align right */
  num?: boolean;
  /** a row header column (th scope=row) */
  header?: boolean;
}

/** An accessible table in a focusable scroll region (small screens scroll it sideways). */
export function table<T>(rows: T[], columns: Column<T>[], caption: string, options: { id?: string; empty?: string } = {}): HTMLElement {
  const t = el(
    "table",
    { class: "data", id: options.id },
    el("caption", null, caption),
    el("thead", null, el("tr", null, columns.map((c) => el("th", { scope: "col", class: c.num ? "num" : null }, c.label)))),
    el(
      "tbody",
      null,
      rows.length === 0
        ? el("tr", null, el("td", { colspan: columns.length }, options.empty ?? "Tidak ada data untuk pilihan ini."))
        : rows.map((r) =>
            el(
              "tr",
              null,
              columns.map((c) => (c.header ? el("th", { scope: "row", class: c.num ? "num" : null }, c.value(r)) : el("td", { class: c.num ? "num" : null }, c.value(r)))),
            ),
          ),
    ),
  );
  return el("div", { class: "table-scroll", tabindex: 0, role: "region", "aria-label": caption }, t);
}

export interface FigureOptions<T extends object> {
  title: string;
  /** One sentence saying what the chart shows: the chart's text alternative. */
  summary: string;
  chart: Element;
  /** The chart's data, as a table under a disclosure. */
  data?: HTMLElement;
  download?: { filename: string; rows: () => T[]; columns: Kolom<T>[]; meta?: Metadata };
  headingLevel?: 2 | 3;
}

export function figure<T extends object>(o: FigureOptions<T>): HTMLElement {
  const id = `fig-${Math.random().toString(36).slice(2, 9)}`;
  // The chart is one image described by the title and summary; Plot's per-mark aria-labels on <g>
  // are not permitted without a role, so they are removed.
  for (const e of o.chart.querySelectorAll("[aria-label], [aria-description]")) {
    e.removeAttribute("aria-label");
    e.removeAttribute("aria-description");
  }
  o.chart.setAttribute("role", "img");
  o.chart.setAttribute("aria-labelledby", `${id}-t`);
  o.chart.setAttribute("aria-describedby", `${id}-s`);
  const heading = o.headingLevel === 2 ? "h2" : "h3";
  return el(
    "figure",
    { class: "grafik" },
    el(heading, { id: `${id}-t` }, o.title),
    el("p", { id: `${id}-s`, class: "ringkasan" }, o.summary),
    o.chart,
    o.data ? el("details", { class: "data-grafik" }, el("summary", null, "Lihat data grafik sebagai tabel"), o.data) : null,
    o.download ? el("p", null, csvLink(`Unduh data (CSV): ${o.title}`, o.download.filename, o.download.rows, o.download.columns, o.download.meta)) : null,
  );
}

/** A headline figure. */
export function kartu(judul: string, nilai: string, ...keterangan: Child[]): HTMLElement {
  return el("div", { class: "card kartu" }, el("h2", null, judul), el("p", { class: "nilai" }, nilai), el("p", { class: "keterangan" }, ...keterangan));
}

let selectCount = 0;

/** A labelled <select>; the returned element has .value and emits "input", so view() works on it. */
export function pilihan(label: string, options: { value: string; label: string }[], value?: string): HTMLElement & { value: string } {
  const id = `pilih-${++selectCount}-${Math.random().toString(36).slice(2, 6)}`;
  const select = el("select", { id, name: id }, options.map((o) => el("option", { value: o.value }, o.label)));
  if (value !== undefined) select.value = value;
  const wrapper = el("div", { class: "pilihan" }, el("label", { for: id }, label), select) as unknown as HTMLElement & { value: string };
  Object.defineProperty(wrapper, "value", { get: () => select.value, set: (v: string) => (select.value = v) });
  select.addEventListener("change", () => wrapper.dispatchEvent(new Event("input", { bubbles: true })));
  return wrapper;
}

export function pilihanPeriode(periods: string[], value?: string, label = "Periode"): HTMLElement & { value: string } {
  return pilihan(label, periods.map((p) => ({ value: p, label: labelPeriode(p) })), value ?? periods.at(-1));
}

export function link(href: string, text: string): HTMLAnchorElement {
  return el("a", { href }, text);
}

export { tanggal, waktu };
