// Land annual indicator values read from an API response into raw.<source>, the same way the file
// engine does (DESIGN §3): one transaction that lands, validates set-based in DuckDB, quarantines,
// replaces the (indicator, year) slices it brings and records the meta.loads row; or nothing at all.
// The same response content twice changes nothing (sha256 in meta.loads).
import { readReference, writeReference } from "../ingest/reference.ts";
import { ident, literal } from "../ingest/sql.ts";
import type { Warehouse } from "../warehouse/connection.ts";

export type ApiSource = "bps" | "ckan";

/** One value as parsed from the response, before validation. */
export interface ApiRow {
  /** Position in the response (1-based), reported in quarantine. */
  row: number;
  tahun: number | null;
  kode_indikator: string;
  nilai: number | null;
  /** The value as the API gave it (shown in quarantine when it is not a number). */
  nilaiText: string | null;
  /** Provenance columns of raw.<source> (bps: var, vervar, vervar_label; ckan: resource_id, record_id). */
  extra: Record<string, string | number | null>;
}

export const EXTRA_COLUMNS: Record<ApiSource, Record<string, string>> = {
  bps: { var: "INTEGER", vervar: "VARCHAR", vervar_label: "VARCHAR" },
  ckan: { resource_id: "VARCHAR", record_id: "VARCHAR" },
};

export interface ApiLoadResult {
  status: "loaded" | "unchanged";
  source: ApiSource;
  file: string;
  sha256: string;
  loadId: number;
  rowsIn: number;
  rowsOk: number;
  rowsRejected: number;
  rowsReplaced: number;
  rules: { kolom: string | null; aturan: string; jumlah: number; contoh_baris: number }[];
}

function sqlValue(v: string | number | null): string {
  if (v === null || (typeof v === "number" && !Number.isFinite(v))) return "NULL";
  return typeof v === "number" ? String(v) : literal(v);
}

export interface LandOptions {
  source: ApiSource;
  /** The saved response file, as recorded in meta.loads (relative to the project). */
  file: string;
  sha256: string;
  rows: ApiRow[];
  referenceDir: string;
  now: () => Date;
}

export async function landApiRows(wh: Warehouse, o: LandOptions): Promise<ApiLoadResult> {
  const previous = await wh.query<{ load_id: number; rows_in: number; rows_ok: number; rows_rejected: number }>(
    `SELECT load_id, rows_in, rows_ok, rows_rejected FROM meta.loads WHERE source = $1 AND sha256 = $2 AND status = 'loaded'
     ORDER BY load_id DESC LIMIT 1`,
    [o.source, o.sha256],
  );
  if (previous.length > 0) {
    const p = previous[0];
    return { status: "unchanged", source: o.source, file: o.file, sha256: o.sha256, loadId: p.load_id, rowsIn: p.rows_in, rowsOk: p.rows_ok, rowsRejected: p.rows_rejected, rowsReplaced: 0, rules: [] };
  }
  const reference = readReference(o.referenceDir);
  const extras = Object.entries(EXTRA_COLUMNS[o.source]);
  const started = o.now();
  const target = `raw.${ident(o.source)}`;
  return wh.transaction(async () => {
    await writeReference(wh, reference);
    await wh.exec(`DROP TABLE IF EXISTS _api; CREATE TEMP TABLE _api (_row INTEGER, tahun INTEGER, kode_indikator VARCHAR, nilai DOUBLE, nilai_teks VARCHAR,
      ${extras.map(([c, t]) => `${ident(c)} ${t}`).join(", ")})`);
    for (let i = 0; i < o.rows.length; i += 500) {
      const values = o.rows
        .slice(i, i + 500)
        .map((r) => `(${[r.row, r.tahun, r.kode_indikator, r.nilai, r.nilaiText, ...extras.map(([c]) => r.extra[c] ?? null)].map(sqlValue).join(", ")})`);
      await wh.exec(`INSERT INTO _api VALUES ${values.join(", ")}`);
    }
    // First broken rule per row, set-based (the same rules the zod shape cannot see: catalogue, range, duplicates).
    await wh.exec(`DROP TABLE IF EXISTS _api_checked; CREATE TEMP TABLE _api_checked AS
      SELECT a.*, i.kode_opd,
        CASE
          WHEN a.tahun IS NULL THEN {'kolom': 'tahun', 'aturan': 'tahun tidak dapat dibaca', 'nilai': NULL}
          WHEN a.tahun < 2000 OR a.tahun > 2100 THEN {'kolom': 'tahun', 'aturan': 'di luar rentang 2000-2100', 'nilai': CAST(a.tahun AS VARCHAR)}
          WHEN i.kode_indikator IS NULL THEN {'kolom': 'kode_indikator', 'aturan': 'kode indikator tidak ada di katalog (data/reference/indikator.csv)', 'nilai': a.kode_indikator}
          WHEN a.nilai IS NULL THEN {'kolom': 'nilai', 'aturan': 'bukan angka', 'nilai': a.nilai_teks}
          WHEN row_number() OVER (PARTITION BY a.tahun, a.kode_indikator ORDER BY a._row) > 1
            THEN {'kolom': 'kode_indikator', 'aturan': 'indikator yang sama muncul lebih dari sekali untuk tahun yang sama', 'nilai': a.kode_indikator}
        END AS _v
      FROM _api a LEFT JOIN ref.indikator i ON i.kode_indikator = a.kode_indikator`);
    const c = await wh.one<{ total: number; ok: number }>(`SELECT count(*) AS total, count(*) FILTER (WHERE _v IS NULL) AS ok FROM _api_checked`);
    const { id: loadId } = await wh.one<{ id: number }>(`SELECT nextval('meta.load_seq') AS id`);
    const slice = `(SELECT DISTINCT tahun, kode_indikator FROM _api_checked WHERE _v IS NULL)`;
    const { replaced } = await wh.one<{ replaced: number }>(
      `SELECT count(*) AS replaced FROM ${target} WHERE (tahun, kode_indikator) IN ${slice}`,
    );
    await wh.exec(`DELETE FROM ${target} WHERE (tahun, kode_indikator) IN ${slice}`);
    const cols = ["tahun", "kode_indikator", "kode_opd", "nilai", ...extras.map(([c]) => c)].map(ident).join(", ");
    await wh.exec(`INSERT INTO ${target} (_load_id, _row, ${cols}) SELECT ${loadId}, _row, ${cols} FROM _api_checked WHERE _v IS NULL ORDER BY _row`);
    await wh.exec(`INSERT INTO quarantine.${ident(o.source)} SELECT ${loadId}, ${literal(o.file)}, _row, _v.kolom, _v.aturan, _v.nilai
      FROM _api_checked WHERE _v IS NOT NULL ORDER BY _row`);
    const partitions = (await wh.query<{ p: string }>(`SELECT DISTINCT kode_indikator || '|' || tahun AS p FROM _api_checked WHERE _v IS NULL ORDER BY 1`)).map((r) => r.p);
    await wh.query(
      `INSERT INTO meta.loads (load_id, source, file, sha256, rows_in, rows_ok, rows_rejected, rows_replaced, partitions, status, started, finished)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::VARCHAR[], 'loaded', $10::TIMESTAMPTZ, $11::TIMESTAMPTZ)`,
      [loadId, o.source, o.file, o.sha256, c.total, c.ok, c.total - c.ok, replaced, JSON.stringify(partitions), started.toISOString(), o.now().toISOString()],
    );
    await wh.exec(`UPDATE meta.loads SET status = 'superseded'
      WHERE source = ${literal(o.source)} AND status = 'loaded' AND load_id <> ${loadId} AND rows_ok > 0
        AND load_id NOT IN (SELECT DISTINCT _load_id FROM ${target})`);
    const rules = await wh.query<ApiLoadResult["rules"][number]>(
      `SELECT kolom, aturan, count(*) AS jumlah, min(baris) AS contoh_baris FROM quarantine.${ident(o.source)}
       WHERE _load_id = ${loadId} GROUP BY kolom, aturan ORDER BY jumlah DESC, kolom`,
    );
    await wh.exec(`DROP TABLE _api; DROP TABLE _api_checked;`);
    return { status: "loaded", source: o.source, file: o.file, sha256: o.sha256, loadId, rowsIn: c.total, rowsOk: c.ok, rowsRejected: c.total - c.ok, rowsReplaced: replaced, rules };
  });
}
