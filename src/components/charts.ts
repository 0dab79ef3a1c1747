// Charts (Observable Plot and d3, imported from node_modules; nothing is fetched from a CDN).
import * as Plot from "@observablehq/plot";
import { line as d3line, scaleLinear, extent } from "d3";
import { angka, labelPeriode, labelPeriodePendek } from "./format.js";

const NS = "http://www.w3.org/2000/svg";

/** A tiny line of the last values (no axes); its text alternative comes from the caller. */
export function sparkline(values: { periode: string; nilai: number | null }[], label: string, w = 96, h = 24): SVGSVGElement {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(h));
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("class", "sparkline");
  const defined = values.filter((v) => v.nilai != null) as { periode: string; nilai: number }[];
  if (defined.length < 2) return svg;
  const x = scaleLinear().domain([0, values.length - 1]).range([2, w - 2]);
  const [lo, hi] = extent(defined, (d) => d.nilai) as [number, number];
  const y = scaleLinear().domain([Math.min(lo, 90), Math.max(hi, 110)]).range([h - 2, 2]);
  const ref = document.createElementNS(NS, "line");
  ref.setAttribute("x1", "0");
  ref.setAttribute("x2", String(w));
  ref.setAttribute("y1", String(y(100)));
  ref.setAttribute("y2", String(y(100)));
  ref.setAttribute("class", "sparkline-ref");
  svg.appendChild(ref);
  const path = document.createElementNS(NS, "path");
  const gen = d3line<{ i: number; nilai: number | null }>()
    .defined((d) => d.nilai != null)
    .x((d) => x(d.i))
    .y((d) => y(d.nilai as number));
  path.setAttribute("d", gen(values.map((v, i) => ({ i, nilai: v.nilai }))) ?? "");
  path.setAttribute("class", "sparkline-line");
  svg.appendChild(path);
  const last = defined.at(-1)!;
  const dot = document.createElementNS(NS, "circle");
  let lastIndex = values.length - 1;
  while (lastIndex > 0 && values[lastIndex].nilai == null) lastIndex--;
  dot.setAttribute("cx", String(x(lastIndex)));
  dot.setAttribute("cy", String(y(last.nilai)));
  dot.setAttribute("r", "2.5");
  dot.setAttribute("class", "sparkline-dot");
  svg.appendChild(dot);
  return svg;
}

export function sparklineLabel(values: { periode: string; nilai: number | null }[], what: string): string {
  const d = values.filter((v) => v.nilai != null);
  if (!d.length) return `${what}: belum ada data.`;
  return `${what} ${labelPeriode(d[0].periode)} sampai ${labelPeriode(d.at(-1)!.periode)}: ${d.map((v) => angka(v.nilai, 1)).join("; ")}.`;
}

const STATUS_WARNA: Record<string, string> = {
  tercapai: "#1b7837",
  "hampir tercapai": "#b35806",
  "tidak tercapai": "#b2182b",
  "belum lapor": "#6b6b6b",
};

/** Horizontal bars of the mean capaian per OPD, with the 90% and 100% bands marked. */
export function barCapaian(rows: { nama: string; rata_capaian: number | null; status: string | null }[], width: number): Element {
  const data = rows.filter((r) => r.rata_capaian != null);
  return Plot.plot({
    width,
    height: 22 * data.length + 40,
    marginLeft: Math.min(170, width * 0.4),
    x: { label: "Rata-rata capaian IKU (%) →", domain: [0, 120], grid: true },
    y: { label: null, domain: data.slice().sort((a, b) => (b.rata_capaian ?? 0) - (a.rata_capaian ?? 0)).map((d) => d.nama) },
    color: { domain: Object.keys(STATUS_WARNA), range: Object.values(STATUS_WARNA) },
    marks: [
      Plot.barX(data, { y: "nama", x: (d) => Math.min(d.rata_capaian ?? 0, 120), fill: (d) => d.status ?? "belum lapor" }),
      Plot.ruleX([90], { stroke: "#555", strokeDasharray: "3,3" }),
      Plot.ruleX([100], { stroke: "#111" }),
      Plot.text(data, { y: "nama", x: (d) => Math.min(d.rata_capaian ?? 0, 120), text: (d) => angka(d.rata_capaian, 1), dx: -4, textAnchor: "end", fill: "white", fontWeight: "bold" }),
    ],
  });
}

/** IKM of units with their 95% interval; the grade bands are drawn as background. */
export function intervalIkm(rows: { nama: string; ikm: number; ikm_bawah: number | null; ikm_atas: number | null; mutu: string }[], width: number): Element {
  const lo = Math.min(60, ...rows.map((r) => r.ikm_bawah ?? r.ikm)) - 2;
  return Plot.plot({
    width,
    height: 24 * rows.length + 44,
    marginLeft: Math.min(180, width * 0.42),
    x: { label: "IKM (interval 95%) →", domain: [lo, 100], grid: true },
    y: { label: null, domain: rows.map((r) => r.nama) },
    marks: [
      Plot.rectX([{ a: 88.31, b: 100, m: "A" }, { a: 76.61, b: 88.3, m: "B" }, { a: 65, b: 76.6, m: "C" }, { a: lo, b: 64.99, m: "D" }].filter((d) => d.b > lo), {
        x1: (d) => Math.max(d.a, lo), x2: "b", fill: (d) => ({ A: "#e6f2e6", B: "#eef3fb", C: "#fdf3e1", D: "#fbe9e9" })[d.m as "A"], fillOpacity: 1,
      }),
      Plot.text([{ x: 94, m: "A" }, { x: 82.5, m: "B" }, { x: 70.8, m: "C" }].filter((d) => d.x > lo), { x: "x", text: "m", frameAnchor: "top", dy: -14, fill: "#333" }),
      Plot.ruleY(rows, { y: "nama", x1: (d) => d.ikm_bawah ?? d.ikm, x2: (d) => d.ikm_atas ?? d.ikm, stroke: "#444", strokeWidth: 2 }),
      Plot.dot(rows, { y: "nama", x: "ikm", r: 4, fill: "#1f4e99", stroke: "white" }),
    ],
  });
}

/** Lines over periods (e.g. capaian per indicator per quarter). */
export function trend(rows: { periode: string; nilai: number | null; seri: string }[], width: number, yLabel: string, ref?: number): Element {
  const periods = [...new Set(rows.map((r) => r.periode))];
  const data = rows.filter((r) => r.nilai != null);
  return Plot.plot({
    width,
    height: 280,
    marginBottom: 40,
    x: { label: null, domain: periods, tickFormat: labelPeriodePendek, tickRotate: width < 500 ? -45 : 0, type: "point" },
    y: { label: yLabel, grid: true },
    color: { legend: true, type: "categorical", scheme: "dark2" },
    marks: [
      ref != null ? Plot.ruleY([ref], { stroke: "#111", strokeDasharray: "4,3" }) : null,
      Plot.line(data, { x: "periode", y: "nilai", stroke: "seri", strokeWidth: 2 }),
      Plot.dot(data, { x: "periode", y: "nilai", fill: "seri", r: 3, symbol: "seri" }),
    ],
  });
}

/** Stacked distribution of predikat (counts; withheld cells are not drawn). */
export function stackedPredikat(rows: { periode: string; predikat: string; jumlah: number | null }[], width: number): Element {
  const order = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"];
  return Plot.plot({
    width,
    height: 40 * new Set(rows.map((r) => r.periode)).size + 60,
    marginLeft: 110,
    x: { label: "Jumlah ASN →", grid: true },
    y: { label: null, tickFormat: labelPeriode },
    color: { legend: true, domain: order, range: ["#1b7837", "#5aae61", "#e08214", "#c51b7d", "#67001f"] },
    marks: [Plot.barX(rows.filter((r) => r.jumlah != null), { y: "periode", x: "jumlah", fill: "predikat", order })],
  });
}
