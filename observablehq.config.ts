// The Observable Framework site: Bahasa Indonesia, offline (no CDN, no Google Fonts), one page per
// OPD of data/reference/opd.csv.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { csvParse } from "d3-dsv";

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const OUTPUT = "dist";

export function opdList(root = ROOT): { kode: string; singkatan: string }[] {
  const text = fs.readFileSync(path.join(root, "data", "reference", "opd.csv"), "utf8").replace(/^\ufeff/, "");
  return csvParse(text)
    .map((r) => ({ kode: (r.kode_opd ?? "").trim(), singkatan: (r.singkatan ?? "").trim() }))
    .filter((o) => /^[A-Za-z0-9-]+$/.test(o.kode));
}

export function opdCodes(root = ROOT): string[] {
  return opdList(root).map((o) => o.kode);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const VIEWPORT = "width=device-width, initial-scale=1";

/**
 * Framework 1.13's page template hard-codes `<html>` without a language and a viewport with
 * `maximum-scale=1` (blocks pinch zoom, WCAG 1.4.4), and an English, title-only sidebar toggle.
 * No config option reaches the template, so the built HTML is corrected in place once
 * `observable build` has written it (see the exit hook below). Idempotent.
 */
export function fixHtml(html: string): string {
  return html
    .replace(/<html(?![^>]*\blang=)([^>]*)>/, '<html lang="id"$1>')
    .replace(/<meta name="viewport" content="[^"]*">/, `<meta name="viewport" content="${VIEWPORT}">`)
    .replace(
      /<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">/,
      // The checkbox stays the mouse/touch target at the left edge; keyboard and screen-reader users
      // get the labelled "Menu" button in the page header (a landmark), which drives the same checkbox.
      '<input id="observablehq-sidebar-toggle" type="checkbox" title="Tampilkan atau sembunyikan menu" aria-label="Tampilkan atau sembunyikan menu" tabindex="-1" aria-hidden="true">',
    )
    .replace(/<label id="observablehq-sidebar-backdrop" for="observablehq-sidebar-toggle"><\/label>/, '<label id="observablehq-sidebar-backdrop" for="observablehq-sidebar-toggle" aria-hidden="true"></label>')
    // An <ol> may only hold <li>: the close control moves just before the list.
    .replace(/<nav id="observablehq-sidebar">\s*<ol>\s*<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"><\/label>/, '<nav id="observablehq-sidebar" aria-label="Menu utama">\n  <label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle" title="Tutup menu" aria-hidden="true"></label>\n  <ol>')
    .replace(/(<aside id="observablehq-toc"[^>]*>)\s*<nav>/, '$1\n<nav aria-label="Di halaman ini">')
    .replace(/<input type="search" placeholder="Search">/, '<input type="search" placeholder="Cari" aria-label="Cari di situs ini">');
}

export function fixDist(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html")) {
        const before = fs.readFileSync(p, "utf8");
        const after = fixHtml(before);
        if (after !== before) {
          fs.writeFileSync(p, after);
          n++;
        }
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return n;
}

// Run the correction when (and only when) this process is `observable build`. The hook is
// synchronous, as exit hooks must be; it runs after the build has written every file.
const g = globalThis as { __kinerjaFixHook?: boolean };
if (process.argv.slice(2)[0] === "build" && !g.__kinerjaFixHook) {
  g.__kinerjaFixHook = true;
  process.on("exit", (code) => {
    if (code === 0 && !process.exitCode) fixDist(path.join(ROOT, OUTPUT));
  });
}

export default {
  title: "Kinerja Pariaman",
  root: "src",
  output: OUTPUT,
  theme: "air",
  // The default stylesheets load fonts from Google; ours uses the system font stack (src/style.css).
  globalStylesheets: [],
  style: "style.css",
  head: `<meta name="description" content="Dasbor kinerja ASN dan kualitas layanan publik Pemerintah Kota Pariaman">
<meta name="color-scheme" content="light">
<link rel="icon" href="data:,">
<script>
addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("kp-menu"), toggle = document.getElementById("observablehq-sidebar-toggle");
  if (!button || !toggle) return;
  const open = () => toggle.checked || (toggle.indeterminate && matchMedia("(min-width: 1184px)").matches);
  const sync = () => button.setAttribute("aria-expanded", String(open()));
  button.addEventListener("click", () => {
    const next = !open();
    toggle.indeterminate = false;
    toggle.checked = next;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
    if (next) document.querySelector("#observablehq-sidebar a")?.focus();
  });
  toggle.addEventListener("change", sync);
  sync();
});
</script>`,
  header: `<button type="button" id="kp-menu" class="kp-menu" aria-controls="observablehq-sidebar" aria-expanded="false">☰ Menu</button><span class="kp-judul">Kinerja Pariaman</span>`,
  footer: `Kinerja Pariaman — dasbor kinerja ASN dan layanan publik Kota Pariaman. Daftar OPD bersifat ilustratif sampai dikonfirmasi Pemerintah Kota. Data wilayah: idn-area-data (ODbL). <a href="/metodologi">Metodologi</a> · <a href="/kualitas-data">Kualitas data</a>`,
  pager: false,
  search: true,
  toc: { show: true, label: "Di halaman ini" },
  sidebar: true,
  pages: [
    { name: "Layanan publik (IKM)", path: "/layanan" },
    { name: "Layanan per kecamatan", path: "/wilayah" },
    { name: "Perencanaan", path: "/perencanaan" },
    {
      name: "Perangkat Daerah (OPD)",
      collapsible: true,
      open: false,
      pages: opdList().map((o) => ({ name: escapeHtml(o.singkatan || o.kode), path: `/opd/${o.kode}` })),
    },
    { name: "Kualitas data", path: "/kualitas-data" },
    { name: "Metodologi", path: "/metodologi" },
  ],
  dynamicPaths: opdCodes().map((k) => `/opd/${k}`),
};
