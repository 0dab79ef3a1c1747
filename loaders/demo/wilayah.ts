/**
 * Generates data/reference/wilayah.csv (Kota Pariaman, its kecamatan and desa/kelurahan) from the
 * idn-area-data package (4.0.1, © idn-area-data contributors, ODbL 1.0).
 *
 *   npx tsx loaders/demo/wilayah.ts            writes data/reference/wilayah.csv
 */
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { csvParse, csvFormatRows } from "d3-dsv";

export interface WilayahRow {
  kode: string;
  nama: string;
  tingkat: "kota" | "kecamatan" | "kelurahan" | "desa";
  kode_induk: string;
}

export const WILAYAH_HEADER = ["kode", "nama", "tingkat", "kode_induk"] as const;

/** Pure: builds the rows for one regency (default Kota Pariaman, 13.77) from the three CSV texts. */
export function buildWilayah(
  csv: { regencies: string; districts: string; villages: string },
  regencyCode = "13.77",
): WilayahRow[] {
  const regency = csvParse(csv.regencies).find((r) => r.code === regencyCode);
  if (!regency) throw new Error(`regency ${regencyCode} not found in idn-area-data`);
  const rows: WilayahRow[] = [
    { kode: regency.code!, nama: regency.name!, tingkat: "kota", kode_induk: regency.province_code! },
  ];
  const districts = csvParse(csv.districts)
    .filter((d) => d.regency_code === regencyCode)
    .sort((a, b) => a.code!.localeCompare(b.code!));
  const districtCodes = new Set(districts.map((d) => d.code!));
  for (const d of districts) rows.push({ kode: d.code!, nama: d.name!, tingkat: "kecamatan", kode_induk: regencyCode });
  const villages = csvParse(csv.villages)
    .filter((v) => districtCodes.has(v.district_code!))
    .sort((a, b) => a.code!.localeCompare(b.code!));
  // Kemendagri coding: the fourth segment starts with 1 for a kelurahan and 2 for a desa.
  for (const v of villages) {
    const tingkat = v.code!.split(".")[3]?.startsWith("1") ? "kelurahan" : "desa";
    rows.push({ kode: v.code!, nama: v.name!, tingkat, kode_induk: v.district_code! });
  }
  return rows;
}

export function formatWilayah(rows: WilayahRow[]): string {
  return csvFormatRows([[...WILAYAH_HEADER], ...rows.map((r) => WILAYAH_HEADER.map((h) => r[h]))]) + "\n";
}

/** Reads idn-area-data from node_modules and writes the CSV atomically (temp file, then rename). */
export function writeWilayah(outFile: string, regencyCode = "13.77"): WilayahRow[] {
  const require = createRequire(import.meta.url);
  const dataDir = path.join(path.dirname(require.resolve("idn-area-data/package.json")), "data");
  const read = (f: string) => readFileSync(path.join(dataDir, f), "utf8");
  const rows = buildWilayah(
    { regencies: read("regencies.csv"), districts: read("districts.csv"), villages: read("villages.csv") },
    regencyCode,
  );
  const tmp = `${outFile}.tmp-${process.pid}`;
  writeFileSync(tmp, formatWilayah(rows));
  renameSync(tmp, outFile);
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  const out = path.join(root, "data", "reference", "wilayah.csv");
  const rows = writeWilayah(out);
  console.log(`wrote ${rows.length} rows to ${path.relative(root, out)}`);
}
