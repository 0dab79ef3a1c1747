// The public packs the site publishes for download (HTML and XLSX; PDF needs Chromium and stays a
// `kinerja report` product): the city-wide pack of every period with IKU data, the OPD packs of the
// latest quarter and the LKjIP packs of the latest year. The list is shared by reports/arsip.ts (the
// files, for src/data/laporan.zip.ts) and the page that links them (src/data/laporan.md.ts); this
// module stays light so the page loader does not load exceljs.
import type { Warehouse } from "../loaders/warehouse/connection.ts";
import { labelPeriode } from "../src/components/format.ts";
import { siteMeta } from "../src/data/lib/warehouse.ts";

export interface DaftarSitus {
  /** Every period with IKU data, newest first. */
  periode: string[];
  triwulanTerakhir: string | null;
  tahunTerakhir: string | null;
  opd: { kode_opd: string; singkatan: string; nama_opd: string }[];
  demo: boolean;
  /** yyyy-mm-dd (WIB) of the transform that last changed the archive's data: the packs' date, so a rebuild of the same data is the same. */
  tanggal: string;
}

export async function daftarSitus(wh: Warehouse): Promise<DaftarSitus> {
  const per = await wh.query<{ periode: string; jenis: string }>(
    `SELECT DISTINCT periode, periode_jenis(periode) AS jenis FROM mart.indikator_capaian ORDER BY periode DESC`,
  );
  const opd = await wh.query<{ kode_opd: string; singkatan: string; nama_opd: string }>(`SELECT kode_opd, singkatan, nama_opd FROM ref.opd ORDER BY kode_opd`);
  // The packs' date: when the archive's data last changed (kinerja build records it per loader), in WIB.
  const m = await siteMeta(wh);
  return {
    periode: per.map((p) => p.periode),
    triwulanTerakhir: per.find((p) => p.jenis === "triwulan")?.periode ?? null,
    tahunTerakhir: per.find((p) => p.jenis === "tahun")?.periode ?? null,
    opd,
    demo: m.demo,
    tanggal: m.diperbarui ? new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date(m.diperbarui)) : "1970-01-01",
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The download page (Markdown with HTML links Framework resolves into the archive's files). */
export function halamanSitus(d: DaftarSitus, final = process.env.KINERJA_LAPORAN_FINAL === "1"): string {
  const link = (nama: string, ext: "htm" | "xlsx", teks: string) => `<a download href="./laporan/${nama}.${ext}">${esc(teks)}</a>`;
  const lines = [
    "---",
    "title: Unduhan laporan",
    "toc: true",
    "---",
    "",
    "# Unduhan laporan kinerja",
    "",
    d.demo
      ? '<div class="banner-demo" role="note" aria-label="Pemberitahuan data contoh"><strong>Data contoh sintetis.</strong> Paket di halaman ini dibuat dari data demo yang dibangkitkan komputer, bukan data resmi Pemerintah Kota Pariaman.</div>\n'
      : "",
    `Paket laporan untuk rapat evaluasi kinerja: halaman cetak (HTML, siap dicetak ke A4 dari peramban) dan buku kerja Excel (XLSX, satu lembar per tabel, dengan lembar metadata: definisi, sumber dan nomor muatan data).${final ? "" : " Paket bertanda <strong>DRAF</strong> sampai disahkan."} Versi PDF dibuat dengan perintah <code>npx kinerja report</code>. Tidak ada NIP, nama atau teks bebas di paket mana pun; jumlah orang 1-4 ditulis &#60; 5.`,
    "",
    "## Paket kota per periode",
    "",
    '<table class="kp-unduh"><caption>Paket kota (kartu skor OPD, perlu perhatian, IKM, perizinan dan pengaduan, predikat ASN, metodologi)</caption><thead><tr><th scope="col">Periode</th><th scope="col">Cetak</th><th scope="col">Excel</th></tr></thead><tbody>',
    ...d.periode.map(
      (p) => `<tr><th scope="row">${esc(labelPeriode(p))}</th><td>${link(`kota-${p}`, "htm", `Kota ${labelPeriode(p)} (HTML)`)}</td><td>${link(`kota-${p}`, "xlsx", `Kota ${labelPeriode(p)} (XLSX)`)}</td></tr>`,
    ),
    "</tbody></table>",
    "",
  ];
  const opdTable = (judul: string, prefix: string, p: string) => [
    `## ${judul}`,
    "",
    `<table class="kp-unduh"><caption>${esc(judul)}</caption><thead><tr><th scope="col">Perangkat daerah</th><th scope="col">Cetak</th><th scope="col">Excel</th></tr></thead><tbody>`,
    ...d.opd.map(
      (o) => `<tr><th scope="row">${esc(o.nama_opd)}</th><td>${link(`${prefix}-${o.kode_opd}-${p}`, "htm", `${o.singkatan} (HTML)`)}</td><td>${link(`${prefix}-${o.kode_opd}-${p}`, "xlsx", `${o.singkatan} (XLSX)`)}</td></tr>`,
    ),
    "</tbody></table>",
    "",
  ];
  if (d.triwulanTerakhir) lines.push(...opdTable(`Paket OPD ${labelPeriode(d.triwulanTerakhir)}`, "opd", d.triwulanTerakhir));
  if (d.tahunTerakhir) lines.push(...opdTable(`LKjIP OPD ${labelPeriode(d.tahunTerakhir)}`, "lkjip", d.tahunTerakhir));
  return lines.join("\n");
}
