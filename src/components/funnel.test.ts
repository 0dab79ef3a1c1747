// @vitest-environment jsdom
// The funnel plot with per-unit limits (the IKM funnel, where each unit is judged against the other
// units): every point must sit on the side of ITS OWN drawn limit that its signal says, also when two
// units share an n (where the joining line alone would be ambiguous).
import { expect, it } from "vitest";
import { funnelPlot, type FunnelPoint } from "./funnel.ts";

/** Three units; B and C share n = 50 but have different limits (different reference units). */
const points: FunnelPoint[] = [
  { n: 20, y: 70, nama: "A", sinyal: "normal", kecil: true, b998: 64, b95: 68, a95: 88, a998: 92 },
  { n: 50, y: 71, nama: "B", sinyal: "alarm_rendah", kecil: false, b998: 72, b95: 74.5, a95: 85.5, a998: 88 },
  { n: 50, y: 73, nama: "C", sinyal: "waspada_rendah", kecil: false, b998: 70, b95: 74, a95: 84, a998: 86 },
  { n: 200, y: 80, nama: "D", sinyal: "normal", kecil: false, b998: 75, b95: 77, a95: 83, a998: 85 },
];

async function draw(): Promise<SVGSVGElement> {
  const box = funnelPlot({ points, target: 79, width: 640, xLabel: "n", yLabel: "IKM" }) as HTMLElement;
  for (let k = 0; k < 200 && !box.querySelector("svg"); k++) await new Promise((r) => setTimeout(r, 10));
  const svg = box.querySelector("svg");
  if (!svg) throw new Error("the chart was not drawn");
  return svg as SVGSVGElement;
}

it("draws a tick at each unit's own limits, and each point is on the side of them its signal says", async () => {
  const svg = await draw();
  // Ticks: the short horizontal rules (y1 = y2) of the 99,8% (red, width 2,5) and 95% (orange, width 2) limits.
  const ticks = (stroke: string) =>
    [...svg.querySelectorAll(`g[stroke="${stroke}"] line`)]
      .map((l) => ({ x1: +l.getAttribute("x1")!, x2: +l.getAttribute("x2")!, y1: +l.getAttribute("y1")!, y2: +l.getAttribute("y2")! }))
      .filter((l) => l.y1 === l.y2 && l.x1 !== l.x2);
  const red = ticks("#b2182b");
  const orange = ticks("#b35806");
  expect(red).toHaveLength(2 * points.length);
  expect(orange).toHaveLength(2 * points.length);
  // Points: filled dots and hollow triangles, in data order within each group (large first, then small).
  const dots = [...svg.querySelectorAll("circle")].map((c) => ({ x: +c.getAttribute("cx")!, y: +c.getAttribute("cy")! }));
  const tri = [...svg.querySelectorAll('g[fill="white"] path')].map((t) => {
    const m = /translate\(([\d.]+),([\d.]+)\)/.exec(t.getAttribute("transform") ?? "")!;
    return { x: +m[1], y: +m[2] };
  });
  expect(dots).toHaveLength(3);
  expect(tri).toHaveLength(1);
  const marks = [...dots, ...tri];
  const shown = [...points.filter((p) => !p.kecil), ...points.filter((p) => p.kecil)];
  const at = (x: number, list: typeof red) => list.filter((t) => t.x1 < x && x < t.x2).map((t) => t.y1).sort((a, b) => a - b);
  shown.forEach((p, i) => {
    const { x, y } = marks[i];
    // The ticks crossing the point's x (screen y grows downwards: [upper limit, lower limit]).
    const r = at(x, red);
    const o = at(x, orange);
    // B and C share an x, so both units' ticks cross it. By value, from the top of the screen:
    // 99,8%: B 88, C 86, B 72, C 70; 95%: B 85,5, C 84, B 74,5, C 74.
    const pick = (t: number[]) => (p.n !== 50 ? t : p.nama === "B" ? [t[0], t[2]] : [t[1], t[3]]);
    const own998 = pick(r);
    const own95 = pick(o);
    expect(own998).toHaveLength(2);
    expect(y > own998[1]).toBe(p.sinyal === "alarm_rendah");
    expect(y > own95[1]).toBe(p.sinyal === "alarm_rendah" || p.sinyal === "waspada_rendah");
    expect(y < own998[0]).toBe(false);
  });
});
