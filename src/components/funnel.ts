// Funnel plot (Spiegelhalter 2005): each unit's value against its sample size — never against rank
// (Plot is loaded on demand through deferred() of charts.ts, in a box of the final height). Two ways
// to draw the 95% and 99,8% limits:
// - `grid`: one curve around one target over a grid of n (the permit funnel);
// - no grid, each point carrying its own limits (the IKM funnel, where each unit is judged against
//   the other units): lines through the units' own limits sorted by n (a slightly jagged funnel) and a
//   short tick at each unit's own limits, so every point is inside or outside the drawn limit at its
//   own x exactly as its signal says (also where two units share an n).
// Units outside the limits are labelled by name; small-sample units are hollow triangles. The caller
// gives the text alternative (figure summary) and the data table.
import { deferred } from "./charts.js";

export interface FunnelPoint {
  n: number;
  y: number;
  nama: string;
  sinyal: string;
  kecil: boolean;
  /** The unit's own limits (required when no grid is given). */
  b998?: number;
  b95?: number;
  a95?: number;
  a998?: number;
}

export interface FunnelGrid {
  n: number;
  b998: number;
  b95: number;
  a95: number;
  a998: number;
}

export const SINYAL_LABEL: Record<string, string> = {
  alarm_rendah: "Alarm: di bawah batas 99,8%",
  waspada_rendah: "Waspada: di bawah batas 95%",
  normal: "Dalam batas",
  waspada_tinggi: "Di atas batas 95%",
  alarm_tinggi: "Di atas batas 99,8%",
};

const WARNA: Record<string, string> = {
  alarm_rendah: "#b2182b",
  waspada_rendah: "#b35806",
  normal: "#5b5f66",
  waspada_tinggi: "#2c7bb6",
  alarm_tinggi: "#1f4e99",
};

/** Fixed height (px) of the funnel chart, so the page can reserve the space before it is drawn. */
export const FUNNEL_HEIGHT = 420;

export function funnelPlot(o: {
  points: FunnelPoint[];
  /** Limit curves over n; without it each point's own limits are drawn. */
  grid?: FunnelGrid[];
  /** The reference line (with per-unit limits: the city mean, labelled "rata-rata kota"). */
  target: number;
  width: number;
  xLabel: string;
  yLabel: string;
  /** Formats y for the axis (e.g. a share as a percentage). */
  yTick?: (v: number) => string;
  yDomain?: [number, number];
}): Element {
  const { points } = o;
  const perUnit = !o.grid;
  // Per-unit limits: the lines join the units' own limits in order of n (ties by the lower limit).
  const grid: FunnelGrid[] =
    o.grid ??
    points
      .map((p) => ({ n: p.n, b998: p.b998!, b95: p.b95!, a95: p.a95!, a998: p.a998! }))
      .sort((a, b) => a.n - b.n || a.b998 - b.b998);
  const ys = [...points.map((p) => p.y), ...grid.flatMap((g) => [g.b998, g.a998])];
  const domain = o.yDomain ?? [Math.min(...ys) - 1, Math.max(...ys) + 1];
  const clampY = (v: number) => Math.min(domain[1], Math.max(domain[0], v));
  const last = grid[grid.length - 1];
  const besar = points.filter((p) => !p.kecil);
  const kecil = points.filter((p) => p.kecil);
  // Names for the units below the limits and those far above; the others are in the table.
  const ditandai = points.filter((p) => p.sinyal === "alarm_rendah" || p.sinyal === "waspada_rendah" || p.sinyal === "alarm_tinggi");
  const logN = points.map((p) => Math.log(p.n));
  const kanan = Math.min(...logN) + 0.6 * (Math.max(...logN) - Math.min(...logN));
  // Limit labels at the right end, dropping one that would overlap the previous.
  const span = domain[1] - domain[0];
  const labels = [
    { y: last.b998, t: "99,8%" },
    { y: last.b95, t: "95%" },
    { y: last.a95, t: "95%" },
    { y: last.a998, t: "99,8%" },
    { y: o.target, t: perUnit ? "rata-rata kota" : "target" },
  ]
    .filter((d) => d.y >= domain[0] && d.y <= domain[1])
    .sort((a, b) => a.y - b.y)
    .filter((d, i, all) => i === 0 || d.y - all[i - 1].y > 0.04 * span);
  return deferred(FUNNEL_HEIGHT, (Plot) => Plot.plot({
    width: o.width,
    height: FUNNEL_HEIGHT,
    marginRight: perUnit ? 100 : 60,
    marginLeft: 50,
    x: { type: "log", label: o.xLabel, grid: true },
    y: { label: o.yLabel, domain, grid: true, tickFormat: o.yTick },
    marks: [
      Plot.ruleY([o.target], { stroke: "#1b1e23", strokeWidth: 1.5 }),
      Plot.line(grid, { x: "n", y: (d) => clampY(d.b998), stroke: "#b2182b", strokeWidth: perUnit ? 1 : 1.5 }),
      Plot.line(grid, { x: "n", y: (d) => clampY(d.a998), stroke: "#b2182b", strokeWidth: perUnit ? 1 : 1.5 }),
      Plot.line(grid, { x: "n", y: (d) => clampY(d.b95), stroke: "#b35806", strokeDasharray: "5,4" }),
      Plot.line(grid, { x: "n", y: (d) => clampY(d.a95), stroke: "#b35806", strokeDasharray: "5,4" }),
      // Each unit's own limits: a short tick either side of its x (log scale: ×/÷ 1,04).
      ...(perUnit
        ? [
            Plot.ruleY(grid, { y: (d) => clampY(d.b998), x1: (d) => d.n / 1.04, x2: (d) => d.n * 1.04, stroke: "#b2182b", strokeWidth: 2.5 }),
            Plot.ruleY(grid, { y: (d) => clampY(d.a998), x1: (d) => d.n / 1.04, x2: (d) => d.n * 1.04, stroke: "#b2182b", strokeWidth: 2.5 }),
            Plot.ruleY(grid, { y: (d) => clampY(d.b95), x1: (d) => d.n / 1.04, x2: (d) => d.n * 1.04, stroke: "#b35806", strokeWidth: 2 }),
            Plot.ruleY(grid, { y: (d) => clampY(d.a95), x1: (d) => d.n / 1.04, x2: (d) => d.n * 1.04, stroke: "#b35806", strokeWidth: 2 }),
          ]
        : []),
      Plot.text(labels, { x: last.n, y: "y", text: "t", dx: 4, textAnchor: "start", fontSize: 11, fill: "#3b3f46" },
      ),
      Plot.dot(besar, { x: "n", y: "y", r: 4.5, fill: (d) => WARNA[d.sinyal], stroke: "white", strokeWidth: 1 }),
      Plot.dot(kecil, { x: "n", y: "y", r: 5, symbol: "triangle", fill: "white", stroke: (d) => WARNA[d.sinyal], strokeWidth: 1.5 }),
      ...[false, true].map((rechts) =>
        Plot.text(ditandai.filter((d) => Math.log(d.n) > kanan === rechts), {
          x: "n", y: "y", text: "nama", dx: rechts ? -7 : 7, textAnchor: rechts ? "end" : "start", fontSize: 11,
          fill: (d: FunnelPoint) => WARNA[d.sinyal], stroke: "white", strokeWidth: 3, paintOrder: "stroke",
        }),
      ),
    ],
  }));
}
