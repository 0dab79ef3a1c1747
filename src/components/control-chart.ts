// Control chart (XmR, METHODS §3) of one indicator's quarterly values: the points joined in order,
// the centre line of the locked baseline, the 3σ limits (solid red) and the 2σ lines (dotted), or only
// the median when the chart is a run chart. Points that signal are drawn larger, in red, with a ring.
import { deferred } from "./charts.js";
import { labelPeriodePendek } from "./format.js";

export interface ControlPoint {
  periode: string;
  nilai: number | null;
  /** This point is beyond 3σ or ends a run that signals. */
  sinyal: boolean;
}

/** Fixed height (px) of one control chart. */
export const CONTROL_HEIGHT = 240;

export function controlChart(o: {
  points: ControlPoint[];
  mode: string;
  centre: number | null;
  lcl: number | null;
  ucl: number | null;
  lower2s: number | null;
  upper2s: number | null;
  median: number | null;
  width: number;
  yLabel: string;
}): Element {
  const data = o.points.filter((p) => p.nilai != null) as (ControlPoint & { nilai: number })[];
  const limits = o.mode === "xmr" && o.lcl != null && o.ucl != null;
  const rules: { y: number; t: string; stroke: string; dash?: string }[] = [];
  if (limits) {
    rules.push({ y: o.centre!, t: "rata-rata dasar", stroke: "#1b1e23" });
    rules.push({ y: o.ucl!, t: "batas atas 3σ", stroke: "#b2182b" });
    rules.push({ y: o.lcl!, t: "batas bawah 3σ", stroke: "#b2182b" });
    rules.push({ y: o.upper2s!, t: "2σ", stroke: "#8a8f98", dash: "2,3" });
    rules.push({ y: o.lower2s!, t: "2σ", stroke: "#8a8f98", dash: "2,3" });
  } else if (o.median != null) rules.push({ y: o.median, t: "median", stroke: "#1b1e23", dash: "4,3" });
  return deferred(CONTROL_HEIGHT, (Plot) => Plot.plot({
    width: o.width,
    height: CONTROL_HEIGHT,
    marginRight: 100,
    marginBottom: 40,
    x: { type: "point", label: null, domain: o.points.map((p) => p.periode), tickFormat: labelPeriodePendek, tickRotate: -45 },
    y: { label: o.yLabel, grid: true },
    marks: [
      ...rules.map((r) => Plot.ruleY([r.y], { stroke: r.stroke, strokeDasharray: r.dash })),
      Plot.text(rules, { x: () => o.points.at(-1)?.periode, y: "y", text: "t", dx: 8, textAnchor: "start", fontSize: 10, fill: "#3b3f46" }),
      Plot.line(data, { x: "periode", y: "nilai", stroke: "#1f4e99", strokeWidth: 1.5 }),
      Plot.dot(data, { x: "periode", y: "nilai", r: 3, fill: "#1f4e99" }),
      Plot.dot(data.filter((d) => d.sinyal), { x: "periode", y: "nilai", r: 6, fill: "#b2182b", stroke: "#1b1e23", strokeWidth: 1.5 }),
    ],
  }));
}
