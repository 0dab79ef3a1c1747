// A labelled tile map: one square tile per area in its rough geographic place, coloured by a measure
// in a few classes, with the value written on the tile (never colour alone) and a legend. Fills are
// light enough that dark text keeps a contrast above 7:1 on every class.

const NS = "http://www.w3.org/2000/svg";

export interface Tile {
  kode: string;
  nama: string;
  /** Column and row of the tile in the grid (0-based; halves allowed). */
  kolom: number;
  baris: number;
  /** The measure that colours the tile; null = no data (grey, said in words). */
  nilai: number | null;
  /** Lines of text under the name, e.g. "IKM 81,48 (B)". */
  teks: string[];
}

export interface Kelas {
  /** Upper bounds between classes (ascending): n bounds make n + 1 classes. */
  batas: number[];
  /** One fill per class, light to dark. */
  warna: string[];
  /** One legend label per class. */
  label: string[];
}

/** The class of a value: the number of bounds at or below it (a value on a bound belongs to the
 *  class above it, like d3's scaleThreshold), without loading d3 on the page. */
export function kelasDari(batas: number[], nilai: number): number {
  let i = 0;
  while (i < batas.length && nilai >= batas[i]) i++;
  return i;
}

export const WARNA_KOSONG = "#e5e7eb";
/** Light fills, from weak (warm) to strong (green): dark text stays legible on each. */
export const WARNA_EMPAT = ["#f6c9c4", "#fbe3a6", "#cfe1f5", "#b5dfc0"];

function node<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

/** The tile map as an SVG; the caller wraps it in a figure with a title and a text summary. */
export function tileMap(tiles: Tile[], kelas: Kelas, options: { width: number; laut?: string; judulLegenda: string }): SVGSVGElement {
  const cols = Math.max(...tiles.map((t) => t.kolom)) + 1;
  const rows = Math.max(...tiles.map((t) => t.baris)) + 1;
  const margin = { left: options.laut ? 28 : 8, top: 8 };
  // Tiles keep one size so their text fits; on a narrow screen the whole drawing scales down
  // (viewBox, max-width 100%), and the table beside it carries the same values in full-size text.
  const size = 170;
  const gap = 6;
  const legendH = 26 + 20 * (kelas.warna.length + 1);
  const w = margin.left + cols * size + 8;
  const h = margin.top + rows * size + 12 + legendH;
  const shown = Math.min(w, Math.max(240, options.width));
  const svg = node("svg", { width: shown, height: Math.round((h * shown) / w), viewBox: `0 0 ${w} ${h}`, class: "tilemap", "font-family": "inherit", style: "max-width: 100%; height: auto;" });
  const color = (nilai: number) => kelas.warna[kelasDari(kelas.batas, nilai)];
  if (options.laut) {
    const t = node("text", { x: 14, y: margin.top + (rows * size) / 2, "text-anchor": "middle", "font-size": 12, fill: "#1f4e99", transform: `rotate(-90 14 ${margin.top + (rows * size) / 2})` }, options.laut);
    svg.appendChild(t);
  }
  for (const t of tiles) {
    const x = margin.left + t.kolom * size;
    const y = margin.top + t.baris * size;
    const g = node("g", { class: "tile" });
    g.appendChild(node("rect", { x: x + gap / 2, y: y + gap / 2, width: size - gap, height: size - gap, rx: 6, fill: t.nilai == null ? WARNA_KOSONG : color(t.nilai), stroke: "#1b1e23", "stroke-width": 1 }));
    const lines = [t.nama, ...(t.nilai == null ? ["tidak ada data"] : []), ...t.teks];
    lines.forEach((line, i) => {
      g.appendChild(
        node(
          "text",
          { x: x + 11, y: y + 28 + i * 19, "font-size": i === 0 ? 15 : 13, "font-weight": i === 0 ? 700 : 400, fill: "#1b1e23" },
          line,
        ),
      );
    });
    svg.appendChild(g);
  }
  // Legend: one swatch per class with its label, and the swatch for no data.
  const ly = margin.top + rows * size + 16;
  svg.appendChild(node("text", { x: margin.left, y: ly + 10, "font-size": 12.5, "font-weight": 600, fill: "#1b1e23" }, options.judulLegenda));
  [...kelas.warna.map((c, i) => [c, kelas.label[i]] as const), [WARNA_KOSONG, "tidak ada data"] as const].forEach(([c, label], i) => {
    const yy = ly + 20 + i * 20;
    svg.appendChild(node("rect", { x: margin.left, y: yy, width: 16, height: 14, fill: c, stroke: "#1b1e23", "stroke-width": 0.8 }));
    svg.appendChild(node("text", { x: margin.left + 22, y: yy + 11.5, "font-size": 12, fill: "#1b1e23" }, label));
  });
  return svg;
}
