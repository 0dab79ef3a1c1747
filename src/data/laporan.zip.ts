// The public report packs (HTML and XLSX) as one archive; the download page (data/laporan.md.ts)
// links its files, and Framework copies each linked file into dist. One loader process for all packs.
import path from "node:path";
import { arsipSitus } from "../../reports/arsip.ts";
import { withReadOnlyWarehouse } from "./lib/warehouse.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
// Rendered packs are kept next to Framework's cache: only packs whose data changed are rendered again.
const packs = { dir: path.join(root, "src", ".observablehq", "cache", "packs"), rendered: [] as string[], reused: [] as string[] };
process.stdout.write(await withReadOnlyWarehouse((wh) => arsipSitus(wh, root, undefined, packs)));
process.stderr.write(`paket laporan: ${packs.rendered.length} dirender, ${packs.reused.length} dari simpanan\n`);
