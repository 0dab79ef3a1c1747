// The archive of the site's public packs (src/data/laporan.zip.ts): for each period of the list in
// reports/situs.ts, the city pack, plus every OPD pack of the latest quarter and year.
// Rendered packs are kept in a cache by a hash of their data and of the renderers' code: a pack
// whose data did not change is not rendered again (and keeps its date: a pack is dated by when its
// content last changed, so an unchanged pack that may already be signed is not re-issued).
import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { codeDigest, sha } from "../loaders/digest.ts";
import type { Warehouse } from "../loaders/warehouse/connection.ts";
import { Sumber } from "./data.ts";
import { renderHtml } from "./html.ts";
import type { Paket } from "./pack.ts";
import { paketPeriode } from "./run.ts";
import { daftarSitus } from "./situs.ts";
import { renderXlsx } from "./xlsx.ts";

export interface PackCache {
  /** Folder of rendered packs (<hash>.htm, <hash>.xlsx); entries not used by this archive are removed. */
  dir: string;
  /** Counted by arsipSitus: packs rendered now, and packs taken from the cache. */
  rendered?: string[];
  reused?: string[];
}

/** The renderers' code (HTML, XLSX and what they import) and the installed packages. */
function rendererCode(root: string): string {
  return codeDigest([path.join(import.meta.dirname, "html.ts"), path.join(import.meta.dirname, "xlsx.ts")], root);
}

/** The cache key of a pack: all of its data except its date (the signature date and "data per"). */
export function packKey(paket: Paket, code: string): string {
  const undated = { ...paket, penandatangan: { ...paket.penandatangan, tanggal: "" }, meta: { ...paket.meta, diperbarui: null } };
  return sha(`${code}\0${JSON.stringify(undated)}`);
}

function writeAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** The archive of every published pack (HTML and XLSX), built from the warehouse. */
export async function arsipSitus(wh: Warehouse, root: string, final = process.env.KINERJA_LAPORAN_FINAL === "1", cache?: PackCache): Promise<Buffer> {
  const d = await daftarSitus(wh);
  const zip = new JSZip();
  const code = cache ? rendererCode(root) : "";
  const used = new Set<string>();
  if (cache) fs.mkdirSync(cache.dir, { recursive: true });
  // One reader for every period: what the packs share (reference tables, per-period lookups, the
  // per-OPD queries) is read once.
  const src = d.periode.length ? await Sumber.buka(wh) : undefined;
  for (const p of d.periode) {
    const semua = p === d.triwulanTerakhir || p === d.tahunTerakhir;
    for await (const paket of paketPeriode(wh, { periode: p, final, tanggal: d.tanggal, root, hanyaKota: !semua }, src)) {
      let htm: string | Buffer;
      let xlsx: Buffer;
      const key = cache ? packKey(paket, code) : "";
      const [fHtm, fXlsx] = cache ? [path.join(cache.dir, `${key}.htm`), path.join(cache.dir, `${key}.xlsx`)] : ["", ""];
      if (cache && fs.existsSync(fHtm) && fs.existsSync(fXlsx)) {
        htm = fs.readFileSync(fHtm);
        xlsx = fs.readFileSync(fXlsx);
        cache.reused?.push(paket.namaFile);
      } else {
        htm = renderHtml(paket);
        xlsx = await renderXlsx(paket);
        if (cache) {
          writeAtomic(fXlsx, xlsx);
          writeAtomic(fHtm, htm);
          cache.rendered?.push(paket.namaFile);
        }
      }
      used.add(`${key}.htm`).add(`${key}.xlsx`);
      // .htm, not .html: Framework strips ".html" from every link it rewrites (clean URLs), which
      // would break the download on a host that does not add the extension back.
      zip.file(`${paket.namaFile}.htm`, htm);
      // XLSX is a zip already: stored, not compressed again.
      zip.file(`${paket.namaFile}.xlsx`, xlsx, { compression: "STORE" });
    }
  }
  if (cache) for (const f of fs.readdirSync(cache.dir)) if (!used.has(f)) fs.rmSync(path.join(cache.dir, f), { force: true });
  // Stored, not compressed: the archive only carries the files to Framework's cache (each is
  // published on its own), and storing is the cheapest to write and to read back.
  return zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
}
