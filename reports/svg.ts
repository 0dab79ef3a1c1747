// Small static SVG charts for the printed packs (no script, no external font: they inherit the
// page's embedded font). Each has a <title> and the page carries its data as a table beside it.
import { angka } from "../src/components/format.ts";

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export interface Titik {
  label: string;
  nilai: number | null;
}

/** A line chart of capaian (%) with the 100% and 90% reference lines; missing values break the line. */
export function grafikGaris(titik: Titik[], judul: string, opsi: { lebar?: number; tinggi?: number } = {}): string {
  const W = opsi.lebar ?? 640;
  const H = opsi.tinggi ?? 220;
  const m = { l: 44, r: 30, t: 14, b: 34 };
  const vals = titik.map((t) => t.nilai).filter((v): v is number => v != null);
  const lo = Math.min(80, ...vals.map((v) => Math.floor(v / 10) * 10));
  const hi = Math.max(110, ...vals.map((v) => Math.ceil(v / 10) * 10));
  const x = (i: number) => m.l + (titik.length <= 1 ? (W - m.l - m.r) / 2 : (i * (W - m.l - m.r)) / (titik.length - 1));
  const y = (v: number) => m.t + ((hi - v) * (H - m.t - m.b)) / (hi - lo);
  const parts: string[] = [];
  for (let v = lo; v <= hi; v += 10)
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/><text x="${m.l - 6}" y="${y(v) + 3}" text-anchor="end" font-size="9">${v}</text>`);
  for (const [v, dash, label] of [[100, "", "target 100%"], [90, "4 3", "90%"]] as const)
    if (v >= lo && v <= hi)
      parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y(v)}" y2="${y(v)}" stroke="#555" stroke-width="1" ${dash ? `stroke-dasharray="${dash}"` : ""}/><text x="${W - m.r}" y="${y(v) - 3}" text-anchor="end" font-size="8" fill="#555">${label}</text>`);
  let d = "";
  titik.forEach((t, i) => {
    if (t.nilai == null) return;
    d += `${d && titik[i - 1]?.nilai != null ? "L" : "M"}${x(i).toFixed(1)},${y(t.nilai).toFixed(1)}`;
  });
  parts.push(`<path d="${d}" fill="none" stroke="#1f5fa8" stroke-width="2"/>`);
  titik.forEach((t, i) => {
    parts.push(`<text x="${x(i)}" y="${H - m.b + 14}" text-anchor="middle" font-size="9">${esc(t.label)}</text>`);
    if (t.nilai != null)
      parts.push(`<circle cx="${x(i)}" cy="${y(t.nilai)}" r="3" fill="#1f5fa8"/><text x="${x(i)}" y="${y(t.nilai) - 6}" text-anchor="middle" font-size="8.5" font-weight="700">${angka(t.nilai, 1, 1)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(judul)}"><title>${esc(judul)}</title>${parts.join("")}</svg>`;
}

/** Horizontal bars of counts by label (e.g. OPD by status). */
export function grafikBatang(data: { label: string; nilai: number }[], judul: string): string {
  const W = 640;
  const bar = 22;
  const m = { l: 130, r: 40, t: 6 };
  const H = m.t + data.length * (bar + 6) + 6;
  const max = Math.max(1, ...data.map((d) => d.nilai));
  const parts = data.map((d, i) => {
    const y = m.t + i * (bar + 6);
    const w = ((W - m.l - m.r) * d.nilai) / max;
    return `<text x="${m.l - 6}" y="${y + bar / 2 + 4}" text-anchor="end" font-size="10">${esc(d.label)}</text><rect x="${m.l}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="#1f5fa8"/><text x="${m.l + w + 4}" y="${y + bar / 2 + 4}" font-size="10" font-weight="700">${angka(d.nilai, 0)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(judul)}"><title>${esc(judul)}</title>${parts.join("")}</svg>`;
}
