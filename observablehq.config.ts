// The Observable Framework site: Bahasa Indonesia, offline (no CDN, no Google Fonts), one page per
// OPD of data/reference/opd.csv.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { csvParse } from "d3-dsv";

const ROOT = path.dirname(fileURLToPath(import.meta.url));
// kinerja build has Framework write into a folder of its own (loaders/site-run.ts OUTPUT_NEXT) and
// replaces dist/ with it only when the whole build succeeded.
const OUTPUT = process.env.KINERJA_SITE_OUTPUT || "dist";

export function opdList(root = ROOT): { kode: string; singkatan: string }[] {
  const text = fs.readFileSync(path.join(root, "data", "reference", "opd.csv"), "utf8").replace(/^\ufeff/, "");
  return csvParse(text)
    .map((r) => ({ kode: (r.kode_opd ?? "").trim(), singkatan: (r.singkatan ?? "").trim() }))
    .filter((o) => /^[A-Za-z0-9-]+$/.test(o.kode));
}

export function opdCodes(root = ROOT): string[] {
  return opdList(root).map((o) => o.kode);
}


// The HTML corrections run in `kinerja build` (loaders/site.ts) after `observable build`; re-exported
// here for the tests that check them.
export { fixHtml } from "./loaders/site-html.ts";

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
      // Framework escapes page names itself (escaping here too showed "&#38;" for an "&").
      pages: opdList().map((o) => ({ name: o.singkatan || o.kode, path: `/opd/${o.kode}` })),
    },
    { name: "Kualitas data", path: "/kualitas-data" },
    { name: "Metodologi", path: "/metodologi" },
    { name: "Unduhan laporan", path: "/data/laporan" },
  ],
  dynamicPaths: opdCodes().map((k) => `/opd/${k}`),
};
