// The archive of the site's public packs (src/data/laporan.zip.ts): for each period of the list in
// reports/situs.ts, the city pack, plus every OPD pack of the latest quarter and year.
import JSZip from "jszip";
import type { Warehouse } from "../loaders/warehouse/connection.ts";
import { renderHtml } from "./html.ts";
import { paketPeriode } from "./run.ts";
import { daftarSitus } from "./situs.ts";
import { renderXlsx } from "./xlsx.ts";

/** The archive of every published pack (HTML and XLSX), built from the warehouse. */
export async function arsipSitus(wh: Warehouse, root: string, final = process.env.KINERJA_LAPORAN_FINAL === "1"): Promise<Buffer> {
  const d = await daftarSitus(wh);
  const zip = new JSZip();
  for (const p of d.periode) {
    const semua = p === d.triwulanTerakhir || p === d.tahunTerakhir;
    for await (const paket of paketPeriode(wh, { periode: p, final, tanggal: d.tanggal, root, hanyaKota: !semua })) {
      // .htm, not .html: Framework strips ".html" from every link it rewrites (clean URLs), which
      // would break the download on a host that does not add the extension back.
      zip.file(`${paket.namaFile}.htm`, renderHtml(paket));
      // XLSX is a zip already: stored, not compressed again.
      zip.file(`${paket.namaFile}.xlsx`, await renderXlsx(paket), { compression: "STORE" });
    }
  }
  // Stored, not compressed: the archive only carries the files to Framework's cache (each is
  // published on its own), and storing is the cheapest to write and to read back.
  return zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
}
