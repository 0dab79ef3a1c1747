// Charts. Observable Plot (about 200 KB with the d3 modules it needs) is imported from node_modules
// only when a chart is drawn, not before the page's first paint: each chart function returns at once
// a box of the chart's final height (no layout shift when the chart arrives) and draws into it when
// the box comes near the screen (or the page is printed) and Plot has loaded, so a chart below the
// first screen costs nothing until the reader scrolls to it. The sparkline is plain SVG. Nothing is fetched from a CDN.
import { angka, labelPeriode, labelPeriodePendek } from "./format.js";

type PlotModule = typeof import("@observablehq/plot");
let plotModule: Promise<PlotModule> | undefined;
const loadPlot = (): Promise<PlotModule> => (plotModule ??= import("@observablehq/plot"));

/** Height Plot adds above the chart for a categorical legend (one row of swatches). */
const LEGEND = 36;

/**
 * A box that reserves `height` px and receives the chart once Plot has loaded. The caller (figure()
 * in ui.ts) gives the box its role and text alternative; Plot's own per-mark labels are removed.
 * Other chart modules should draw through it too: a static `import * as Plot` puts Plot and ~35 d3
 * modules before the page's first paint.
 */
export function deferred(height: number, draw: (Plot: PlotModule) => Element): HTMLElement {
  const box = document.createElement("div");
  box.className = "grafik-kanvas";
  box.style.minHeight = `${Math.ceil(height)}px`;
  whenNear(box, () => loadPlot().then(
    (Plot) => {
      const chart = draw(Plot);
      for (const e of chart.querySelectorAll("[aria-label], [aria-description]")) {
        e.removeAttribute("aria-label");
        e.removeAttribute("aria-description");
      }
      box.replaceChildren(chart);
    },
    () => box.replaceChildren(document.createTextNode("Grafik tidak dapat dimuat; datanya ada di tabel di bawah.")),
  ));
  return box;
}

/** Runs `go` once: when `box` is within 400 px of the viewport, or before printing. */
function whenNear(box: Element, go: () => void): void {
  if (typeof IntersectionObserver === "undefined") return go();
  let done = false;
  const start = () => {
    if (done) return;
    done = true;
    io.disconnect();
    removeEventListener("beforeprint", start);
    go();
  };
  const io = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) start();
  }, { rootMargin: "400px 0px" });
  io.observe(box);
  addEventListener("beforeprint", start);
}

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
  // Linear scales by hand: index → [2, w-2]; value domain at least 90..110 → [h-2, 2].
  const x = (i: number) => 2 + (i * (w - 4)) / (values.length - 1);
  const lo = Math.min(90, ...defined.map((d) => d.nilai));
  const hi = Math.max(110, ...defined.map((d) => d.nilai));
  const y = (v: number) => h - 2 - ((v - lo) * (h - 4)) / (hi - lo);
  const ref = document.createElementNS(NS, "line");
  ref.setAttribute("x1", "0");
  ref.setAttribute("x2", String(w));
  ref.setAttribute("y1", String(y(100)));
  ref.setAttribute("y2", String(y(100)));
  ref.setAttribute("class", "sparkline-ref");
  svg.appendChild(ref);
  const path = document.createElementNS(NS, "path");
  // A gap (missing value) starts a new segment, as d3.line().defined() does.
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v.nilai == null) pen = false;
    else {
      d += `${pen ? "L" : "M"}${x(i).toFixed(2)},${y(v.nilai).toFixed(2)}`;
      pen = true;
    }
  });
  path.setAttribute("d", d);
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
  const height = 22 * data.length + 40;
  return deferred(height, (Plot) => Plot.plot({
    width,
    height,
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
  }));
}

/** IKM of units with their 95% interval; the grade bands are drawn as background. */
export function intervalIkm(rows: { nama: string; ikm: number; ikm_bawah: number | null; ikm_atas: number | null; mutu: string }[], width: number): Element {
  const lo = Math.min(60, ...rows.map((r) => r.ikm_bawah ?? r.ikm)) - 2;
  const height = 24 * rows.length + 44;
  return deferred(height, (Plot) => Plot.plot({
    width,
    height,
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
  }));
}

/** Lines over periods (e.g. capaian per indicator per quarter). */
export function trend(rows: { periode: string; nilai: number | null; seri: string }[], width: number, yLabel: string, ref?: number): Element {
  const periods = [...new Set(rows.map((r) => r.periode))];
  const data = rows.filter((r) => r.nilai != null);
  return deferred(280 + LEGEND, (Plot) => Plot.plot({
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
  }));
}

/** Stacked distribution of predikat (counts; withheld cells are not drawn). */
export function stackedPredikat(rows: { periode: string; predikat: string; jumlah: number | null }[], width: number): Element {
  const order = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"];
  const height = 40 * new Set(rows.map((r) => r.periode)).size + 60;
  return deferred(height + LEGEND, (Plot) => Plot.plot({
    width,
    height,
    marginLeft: 110,
    x: { label: "Jumlah ASN →", grid: true },
    y: { label: null, tickFormat: labelPeriode },
    color: { legend: true, domain: order, range: ["#1b7837", "#5aae61", "#e08214", "#c51b7d", "#67001f"] },
    marks: [Plot.barX(rows.filter((r) => r.jumlah != null), { y: "periode", x: "jumlah", fill: "predikat", order })],
  }));
}
