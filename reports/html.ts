// One self-contained HTML document per pack, written for print: A4, page numbers from CSS page
// counters in the page-margin boxes ("Halaman i dari N"), table headers repeated on every page, no
// row split across pages, SVG charts kept whole, wide tables on landscape named pages, the Noto Sans
// regular and bold faces embedded as data URIs (file:// fonts are blocked in setContent, and a
// synthetic bold would print as Type 3), and a DRAF watermark on every page until the pack is final.
import fs from "node:fs";
import { createRequire } from "node:module";
import { angka, labelPeriode, tanggal, waktu } from "../src/components/format.ts";
import { DISEMBUNYIKAN, type Bagian, type Kolom, type Paket, type Tabel } from "./pack.ts";

const require = createRequire(import.meta.url);
let fontCss: string | null = null;

/** @font-face rules for Noto Sans 400 and 700 (latin), inlined from @fontsource/noto-sans. */
export function fontFaces(): string {
  if (fontCss) return fontCss;
  const face = (weight: number) => {
    const file = require.resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff2`);
    const b64 = fs.readFileSync(file).toString("base64");
    return `@font-face{font-family:"Noto Sans";font-style:normal;font-weight:${weight};font-display:block;src:url(data:font/woff2;base64,${b64}) format("woff2");}`;
  };
  fontCss = face(400) + face(700);
  return fontCss;
}

export const esc = (s: unknown): string => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A string for a CSS `content:` value. */
const cssString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, " ")}"`;

const tanggalPanjang = new Intl.DateTimeFormat("id-ID", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
/** "2026-11-27" -> "27 November 2026" (a calendar date, no zone shift). */
export function tanggalTtd(iso: string): string {
  return tanggalPanjang.format(new Date(`${iso}T00:00:00Z`));
}

const STATUS_WARNA: Record<string, string> = {
  tercapai: "#1b7a3d",
  "hampir tercapai": "#b07200",
  "tidak tercapai": "#b3261e",
};
function ikonStatus(status: string): string {
  const c = STATUS_WARNA[status] ?? "#666";
  const shape =
    status === "tercapai"
      ? `<path d="M2 6.5l2.5 2.5L10 3" stroke="${c}" stroke-width="2" fill="none"/>`
      : status === "hampir tercapai"
        ? `<path d="M6 1.5L11 10.5H1z" fill="${c}"/>`
        : status === "tidak tercapai"
          ? `<path d="M2.5 2.5l7 7M9.5 2.5l-7 7" stroke="${c}" stroke-width="2"/>`
          : `<circle cx="6" cy="6" r="4" stroke="${c}" stroke-width="1.5" fill="none"/>`;
  return `<svg class="ikon" viewBox="0 0 12 12" width="9" height="9" aria-hidden="true">${shape}</svg>`;
}

/** One cell as printed (id-ID numbers). */
export function sel(v: unknown, tipe: Kolom["tipe"], kosong = "–"): string {
  if (v === DISEMBUNYIKAN) return esc(DISEMBUNYIKAN);
  if (v == null || v === "") return tipe === "teks" || tipe === "status" ? "–" : esc(kosong);
  switch (tipe) {
    case "angka":
      return angka(Number(v), 2);
    case "persen":
      return `${angka(Number(v), 2)}%`;
    case "bulat":
    case "orang":
      return angka(Number(v), 0);
    case "tanggal":
      return tanggal(`${String(v)}T00:00:00+07:00`);
    case "status":
      return `${ikonStatus(String(v))} ${esc(v)}`;
    default:
      return esc(v);
  }
}

const numerik = (t: Kolom["tipe"]) => t === "angka" || t === "persen" || t === "bulat" || t === "orang";

export function tabelHtml(t: Tabel): string {
  const head = t.kolom.map((c) => `<th scope="col"${numerik(c.tipe) ? ' class="n"' : ""}>${esc(c.label)}</th>`).join("");
  const row = (r: Record<string, unknown>, cls = "") =>
    `<tr${cls ? ` class="${cls}"` : ""}>${t.kolom.map((c) => `<td${numerik(c.tipe) ? ' class="n"' : ""}>${sel(r[c.key], c.tipe, t.kosong)}</td>`).join("")}</tr>`;
  const body = t.baris.length ? t.baris.map((r) => row(r)).join("") : `<tr><td colspan="${t.kolom.length}">Tidak ada data untuk periode ini.</td></tr>`;
  const total = t.total ? row(t.total, "total") : "";
  const note = [t.definisi, t.sumber ? `Sumber: ${t.sumber}.` : ""].filter(Boolean).join(" ");
  return `<table><caption>${esc(t.judul)}</caption><thead><tr>${head}</tr></thead><tbody>${body}${total}</tbody></table>${note ? `<p class="catatan">${esc(note)}</p>` : ""}`;
}

function bagianHtml(b: Bagian): string {
  const lebar = (b.tabel ?? []).some((t) => t.lebar);
  const parts = [`<h2>${esc(b.judul)}</h2>`];
  for (const p of b.paragraf ?? []) parts.push(`<p>${esc(p)}</p>`);
  if (b.grafik) parts.push(`<figure class="grafik">${b.grafik.svg}<figcaption>${esc(b.grafik.alt)}</figcaption></figure>`);
  for (const x of b.blok ?? []) parts.push(`<div class="blok"><h3>${esc(x.judul)}</h3>${x.teks.split(/\n{2,}/).map((p) => `<p>${esc(p)}</p>`).join("")}</div>`);
  for (const t of b.tabel ?? []) parts.push(tabelHtml(t));
  const cls = [lebar ? "lebar" : "", b.halamanBaru ? "baru" : ""].filter(Boolean).join(" ");
  return `<section${cls ? ` class="${cls}"` : ""}>${parts.join("\n")}</section>`;
}

export function stylesheet(p: Paket): string {
  const kaki = `Kinerja Pariaman · ${p.judul} · ${p.subjudul}${p.final ? "" : " · DRAF"}`;
  const margin = `font-family:"Noto Sans";font-size:7.5pt;color:#444;`;
  return `${fontFaces()}
@page{size:A4 portrait;margin:15mm 14mm 17mm 14mm;
  @bottom-left{content:${cssString(kaki)};${margin}}
  @bottom-right{content:"Halaman " counter(page) " dari " counter(pages);${margin}white-space:nowrap;}}
@page lebar{size:A4 landscape;margin:13mm 14mm 15mm 14mm;}
html{font-family:"Noto Sans",sans-serif;font-size:9.5pt;line-height:1.4;color:#111;-webkit-print-color-adjust:exact;print-color-adjust:exact;}
body{margin:0;}
@media screen{body{max-width:190mm;margin:1.5rem auto;padding:0 1rem;} section.lebar{max-width:none;}}
h1{font-size:20pt;font-weight:700;margin:0 0 4mm;} h2{font-size:13pt;font-weight:700;margin:6mm 0 2mm;break-after:avoid;} h3{font-size:10pt;font-weight:700;margin:3mm 0 1mm;break-after:avoid;}
p{margin:0 0 2mm;orphans:3;widows:3;}
section.lebar{page:lebar;}
section.baru{break-before:page;}
table{border-collapse:collapse;width:100%;margin:2mm 0 1mm;font-size:8.5pt;}
caption{text-align:left;font-weight:700;padding:0 0 1mm;caption-side:top;}
thead{display:table-header-group;} tr,td,th{break-inside:avoid;page-break-inside:avoid;}
th{background:#e8eef6;font-weight:700;text-align:left;vertical-align:bottom;}
th,td{border:0.5pt solid #9aa5b1;padding:1mm 1.4mm;}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;}
tr.total td{font-weight:700;background:#f3f3f3;}
.catatan{font-size:7.5pt;color:#444;margin-bottom:3mm;}
figure.grafik{margin:2mm 0;break-inside:avoid;page-break-inside:avoid;} figure svg{break-inside:avoid;display:block;font-family:"Noto Sans";} figcaption{font-size:7.5pt;color:#444;}
.ikon{vertical-align:baseline;}
.sampul{min-height:230mm;display:flex;flex-direction:column;justify-content:center;break-after:page;}
.sampul .periode{font-size:14pt;font-weight:700;} .sampul dl{display:grid;grid-template-columns:max-content 1fr;gap:1mm 4mm;margin-top:8mm;} .sampul dt{font-weight:700;}
.peringatan{border:1pt solid #b3261e;padding:2mm 3mm;margin-top:6mm;}
.ttd{margin:10mm 0 0 auto;width:75mm;break-inside:avoid;text-align:left;} .ttd .ruang{height:20mm;} .ttd .nama{font-weight:700;text-decoration:underline;}
.draf{position:fixed;top:42%;left:0;right:0;text-align:center;font-size:110pt;font-weight:700;color:rgba(179,38,30,0.12);transform:rotate(-30deg);z-index:-1;pointer-events:none;letter-spacing:8mm;}
`;
}

function sampul(p: Paket): string {
  const m = p.meta;
  const rows: [string, string][] = [
    ["Periode", labelPeriode(p.periode)],
    ...(m.periodeAwal && m.periodeAkhir ? [["Rentang", `${tanggal(`${m.periodeAwal}T00:00:00+07:00`)} – ${tanggal(`${m.periodeAkhir}T00:00:00+07:00`)}`] as [string, string]] : []),
    ["Data per", m.diperbarui ? waktu(m.diperbarui) : "–"],
    ["Tanggal paket", tanggalTtd(p.penandatangan.tanggal)],
    ["Status", p.final ? "Final" : "DRAF (belum final)"],
  ];
  return `<section class="sampul"><p>Pemerintah Kota Pariaman</p><h1>${esc(p.judul)}</h1><p class="periode">${esc(p.subjudul)}</p>
<dl>${rows.map(([a, b]) => `<dt>${esc(a)}</dt><dd>${esc(b)}</dd>`).join("")}</dl>
${m.demo ? `<p class="peringatan">Data contoh sintetis: angka dalam paket ini dibuat oleh generator demo, bukan data Pemerintah Kota Pariaman. Daftar OPD dan katalog indikator bersifat ilustratif.</p>` : ""}
</section>`;
}

function ttd(p: Paket): string {
  const t = p.penandatangan;
  return `<div class="ttd"><p>${esc(t.tempat)}, ${esc(tanggalTtd(t.tanggal))}</p><p>${esc(t.jabatan)}</p><div class="ruang"></div><p class="nama">${t.nama ? esc(t.nama) : "(.................................)"}</p></div>`;
}

export function renderHtml(p: Paket): string {
  return `<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${p.judul} – ${p.subjudul}`)}</title>
<style>${stylesheet(p)}</style></head>
<body>
${p.final ? "" : '<div class="draf" aria-hidden="true">DRAF</div>'}
<main>
${sampul(p)}
${p.bagian.map(bagianHtml).join("\n")}
${ttd(p)}
</main>
</body></html>
`;
}
