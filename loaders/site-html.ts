// Corrections to the HTML that Observable Framework 1.13 writes. Framework's page template
// hard-codes `<html>` without a language and a viewport with `maximum-scale=1` (blocks pinch zoom,
// WCAG 1.4.4), and an English, title-only sidebar toggle; no config option reaches the template.
// `buildSite` (loaders/site.ts) applies fixDist to dist/ right after `observable build`.
import fs from "node:fs";
import path from "node:path";

const VIEWPORT = "width=device-width, initial-scale=1";

/** The corrected page. Idempotent. */
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

/** Correct every HTML file under `dir` in place (each written to a temp name, then renamed); returns how many changed. */
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
          const tmp = `${p}.${process.pid}.tmp`;
          fs.writeFileSync(tmp, after);
          fs.renameSync(tmp, p);
          n++;
        }
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return n;
}
