// The download page of the report packs (/data/laporan): a page loader, so the links are static
// HTML that Framework resolves into the files of data/laporan.zip. It lives under src/data/ so the
// stale-cache check that clears page data when the warehouse changes clears this page too.
import { daftarSitus, halamanSitus } from "../../reports/situs.ts";
import { withReadOnlyWarehouse } from "./lib/warehouse.ts";

process.stdout.write(halamanSitus(await withReadOnlyWarehouse(daftarSitus)));
