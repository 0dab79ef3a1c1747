// What `kinerja status` reports: the ledger, row counts, rejected rows per rule, freshness per
// source, and an integrity check of the ledger against the tables.
import type { Warehouse } from "./warehouse/connection.ts";
import { SOURCES } from "./sources/index.ts";
import { ident } from "./ingest/sql.ts";

export interface SourceStatus {
  source: string;
  loads: number;
  rows_raw: number;
  rows_rejected: number;
  last_loaded: string | null;
  latest_data: string | null;
}

export interface WarehouseStatus {
  sources: SourceStatus[];
  recentLoads: Record<string, unknown>[];
  rejectedByRule: { source: string; kolom: string | null; aturan: string; jumlah: number }[];
  lastTransform: Record<string, unknown> | null;
  marts: { table: string; rows: number }[];
  integrity: string[];
}

const LATEST_DATA: Record<string, string> = {
  skm: "CAST(max(tanggal) AS VARCHAR)",
  skp: "max(periode)",
  iku: "max(tahun || coalesce('-Q' || triwulan, ''))",
  layanan: "max(periode)",
  izin: "CAST(max(tanggal_masuk) AS VARCHAR)",
  pengaduan: "CAST(max(tanggal_masuk) AS VARCHAR)",
};

async function tableExists(wh: Warehouse, schema: string, table: string): Promise<boolean> {
  const r = await wh.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2`, [schema, table]);
  return r.length > 0;
}

export async function gatherStatus(wh: Warehouse): Promise<WarehouseStatus> {
  const sources: SourceStatus[] = [];
  const rejectedByRule: WarehouseStatus["rejectedByRule"] = [];
  const integrity: string[] = [];
  for (const s of SOURCES) {
    if (!(await tableExists(wh, "raw", s.name))) continue;
    const t = `raw.${ident(s.name)}`;
    const q = `quarantine.${ident(s.name)}`;
    const row = await wh.one<SourceStatus>(
      `SELECT ${"'" + s.name + "'"} AS source,
        (SELECT count(*) FROM meta.loads WHERE source = '${s.name}') AS loads,
        (SELECT count(*) FROM ${t}) AS rows_raw,
        (SELECT coalesce(sum(rows_rejected), 0) FROM meta.loads WHERE source = '${s.name}' AND status = 'loaded') AS rows_rejected,
        (SELECT strftime(max(finished), '%Y-%m-%d %H:%M') FROM meta.loads WHERE source = '${s.name}') AS last_loaded,
        (SELECT ${LATEST_DATA[s.name] ?? "CAST(NULL AS VARCHAR)"} FROM ${t} LIMIT 1) AS latest_data`,
    );
    sources.push(row);
    rejectedByRule.push(
      ...(await wh.query<WarehouseStatus["rejectedByRule"][number]>(
        `SELECT '${s.name}' AS source, kolom, aturan, count(*) AS jumlah FROM ${q}
         WHERE _load_id IN (SELECT load_id FROM meta.loads WHERE status = 'loaded')
         GROUP BY kolom, aturan ORDER BY jumlah DESC`,
      )),
    );
    // Integrity: raw rows belong to live loads; no load has more raw rows than it accepted;
    // each load's quarantined rows equal its rejected count.
    const orphans = await wh.query<{ _load_id: number; n: number }>(
      `SELECT _load_id, count(*) AS n FROM ${t} WHERE _load_id NOT IN (SELECT load_id FROM meta.loads WHERE source = '${s.name}' AND status = 'loaded') GROUP BY 1`,
    );
    for (const o of orphans) integrity.push(`${s.name}: ${o.n} baris mentah dari muatan #${o._load_id} yang tidak tercatat aktif`);
    const over = await wh.query<{ load_id: number; n: number; rows_ok: number }>(
      `SELECT l.load_id, count(r._load_id) AS n, any_value(l.rows_ok) AS rows_ok FROM meta.loads l JOIN ${t} r ON r._load_id = l.load_id
       WHERE l.source = '${s.name}' GROUP BY l.load_id HAVING count(*) > any_value(l.rows_ok)`,
    );
    for (const o of over) integrity.push(`${s.name}: muatan #${o.load_id} punya ${o.n} baris mentah, padahal tercatat ${o.rows_ok} diterima`);
    const quarantineMismatch = await wh.query<{ load_id: number; rows_rejected: number; n: number }>(
      `SELECT l.load_id, l.rows_rejected, (SELECT count(DISTINCT baris) FROM ${q} WHERE _load_id = l.load_id) AS n
       FROM meta.loads l WHERE l.source = '${s.name}' AND l.rows_rejected <> (SELECT count(DISTINCT baris) FROM ${q} WHERE _load_id = l.load_id)`,
    );
    // Every accepted row is in raw until a later load of the same slice replaces it, so the table
    // holds exactly the rows accepted minus the rows replaced, over the whole ledger.
    const total = await wh.one<{ n: number; expected: number }>(
      `SELECT (SELECT count(*) FROM ${t}) AS n,
        (SELECT coalesce(sum(rows_ok), 0) - coalesce(sum(rows_replaced), 0) FROM meta.loads WHERE source = '${s.name}') AS expected`,
    );
    if (total.n !== total.expected)
      integrity.push(`${s.name}: tabel mentah berisi ${total.n} baris, buku muatan mengharapkan ${total.expected} (diterima dikurangi diganti)`);
    for (const m of quarantineMismatch)
      integrity.push(`${s.name}: muatan #${m.load_id} mencatat ${m.rows_rejected} baris ditolak, karantina berisi ${m.n}`);
  }
  const recentLoads = await wh.query(
    `SELECT load_id, source, file, rows_in, rows_ok, rows_rejected, rows_replaced, status, strftime(finished, '%Y-%m-%d %H:%M') AS selesai
     FROM meta.loads ORDER BY load_id DESC LIMIT 10`,
  );
  const transforms = await wh.query(`SELECT * FROM meta.transforms ORDER BY run_id DESC LIMIT 1`);
  const marts: WarehouseStatus["marts"] = [];
  for (const m of await wh.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'mart' ORDER BY 1`,
  ))
    marts.push({
      table: `mart.${m.table_name}`,
      rows: (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM mart.${ident(m.table_name)}`)).n,
    });
  return { sources, recentLoads, rejectedByRule, lastTransform: transforms[0] ?? null, marts, integrity };
}

const id = new Intl.NumberFormat("id-ID");

export function formatStatus(s: WarehouseStatus): string {
  const lines: string[] = ["Sumber data:"];
  for (const x of s.sources)
    lines.push(
      `  ${x.source.padEnd(8)} ${id.format(x.rows_raw).padStart(10)} baris, ${id.format(x.rows_rejected).padStart(6)} ditolak, ` +
        `${x.loads} muatan, terakhir dimuat ${x.last_loaded ? x.last_loaded + " WIB" : "-"}, data terbaru ${x.latest_data ?? "-"}`,
    );
  if (s.rejectedByRule.length) {
    lines.push("Baris ditolak per aturan:");
    for (const r of s.rejectedByRule.slice(0, 15))
      lines.push(`  ${r.source}: ${r.kolom ?? "(baris)"}: ${r.aturan}: ${id.format(r.jumlah)}`);
  }
  lines.push("Mart:");
  for (const m of s.marts) lines.push(`  ${m.table.padEnd(28)} ${id.format(m.rows).padStart(8)} baris`);
  lines.push(
    s.integrity.length ? `Integritas: ${s.integrity.length} masalah\n  ${s.integrity.join("\n  ")}` : "Integritas: buku muatan cocok dengan tabel.",
  );
  return lines.join("\n");
}
