// CKAN (Satu Data portals) connector: `datastore_search` of the resources listed in
// data/reference/ckan_sumber.csv (portal, resource_id, kolom_tahun, kolom_nilai, filter,
// kode_indikator), paged by offset/limit up to `total`, landed as annual realisations in raw.ckan.
// All pages of one fetch are kept together in one audit file under data/raw/ckan/ (each page's
// JSON as received, re-serialised inside a small envelope), which can be loaded again offline.
import fs from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";
import { z } from "zod";
import { saveResponse, sha256, stamp } from "../audit.ts";
import { ConnectorError, fetchJson, parseJson, type FetchOptions } from "../http.ts";
import { landApiRows, type ApiLoadResult, type ApiRow } from "../land.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

export const CKAN_TOKEN_ENV = "CKAN_API_TOKEN";
export const CKAN_PAGE_SIZE = 100;

export const ckanPage = z
  .object({
    success: z.literal(true),
    result: z
      .object({
        records: z.array(z.record(z.string(), z.unknown())),
        total: z.number().int().nonnegative(),
        offset: z.number().int().nonnegative().optional(),
        limit: z.number().int().positive().optional(),
      })
      .loose(),
  })
  .loose();
export type CkanPage = z.infer<typeof ckanPage>;

/** The audit file: every page of one fetch, verbatim, with what was asked. */
export const ckanSaved = z.object({
  sumber: z.literal("ckan"),
  portal: z.string(),
  resource_id: z.string(),
  diambil: z.string(),
  halaman: z.array(z.unknown()).min(1),
});

export interface CkanSource {
  portal: string;
  resource_id: string;
  kolom_tahun: string;
  kolom_nilai: string;
  /** Exact-match filters: "kolom=nilai;kolom2=nilai2". */
  filter: Record<string, string>;
  kode_indikator: string;
}

export function readCkanSources(file: string): CkanSource[] {
  const rows = csvParse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  const cols = ["portal", "resource_id", "kolom_tahun", "kolom_nilai", "filter", "kode_indikator"];
  for (const c of cols) if (!rows.columns.includes(c)) throw new Error(`${file}: baris 1: kolom ${c} tidak ada (judul harus: ${cols.join(",")})`);
  return rows.map((r, i) => {
    const filter: Record<string, string> = {};
    for (const part of (r.filter ?? "").split(";").map((s) => s.trim()).filter(Boolean)) {
      const eq = part.indexOf("=");
      if (eq < 1) throw new Error(`${file}: baris ${i + 2}, kolom filter: "${part}" bukan kolom=nilai`);
      filter[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    return { portal: r.portal!.trim(), resource_id: r.resource_id!.trim(), kolom_tahun: r.kolom_tahun!.trim(), kolom_nilai: r.kolom_nilai!.trim(), filter, kode_indikator: r.kode_indikator!.trim() };
  });
}

/** CKAN errors: {success: false, error: {message, __type}}. */
export function ckanErrorMessage(body: unknown): string | undefined {
  if (body && typeof body === "object" && "error" in body) {
    const e = (body as { error: unknown }).error;
    if (e && typeof e === "object") {
      const o = e as Record<string, unknown>;
      const msg = typeof o.message === "string" ? o.message : Object.entries(o).filter(([k]) => k !== "__type").map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("; ");
      return [o.__type, msg].filter(Boolean).join(": ");
    }
    if (typeof e === "string") return e;
  }
  return undefined;
}

export function checkCkanPage(json: unknown, where: string): CkanPage {
  if (json && typeof json === "object" && (json as Record<string, unknown>).success === false)
    throw new ConnectorError(`${where}: CKAN menjawab galat: "${ckanErrorMessage(json) ?? "tanpa pesan"}"`, "api");
  const parsed = ckanPage.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConnectorError(`${where}: bentuk jawaban datastore_search tidak dikenali: ${issue.path.join(".") || "(akar)"}: ${issue.message}`, "shape");
  }
  return parsed.data;
}

function num(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v !== "string") return null;
  const t = v.trim();
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) return Number(t.replace(/\./g, "").replace(",", ".")); // 1.234,5
  if (/^-?\d+([.,]\d+)?$/.test(t)) return Number(t.replace(",", "."));
  return null;
}

export function ckanRows(records: Record<string, unknown>[], src: CkanSource): ApiRow[] {
  return records
    .filter((r) => Object.entries(src.filter).every(([k, v]) => String(r[k] ?? "") === v))
    .map((r, i) => {
      const y = num(r[src.kolom_tahun]);
      const v = r[src.kolom_nilai];
      return {
        row: i + 1,
        tahun: y !== null && Number.isInteger(y) ? y : null,
        kode_indikator: src.kode_indikator,
        nilai: num(v),
        nilaiText: v === null || v === undefined ? null : String(v),
        extra: { resource_id: src.resource_id, record_id: r._id === undefined ? null : String(r._id) },
      };
    });
}

export interface CkanEnv {
  root: string;
  referenceDir: string;
  now: () => Date;
  log: (line: string) => void;
}

/** Load a saved CKAN audit file (offline, or the file just fetched). */
export async function loadCkanFile(wh: Warehouse, file: string, env: CkanEnv): Promise<ApiLoadResult> {
  const display = path.relative(env.root, path.resolve(file)).split(path.sep).join("/") || file;
  if (!fs.existsSync(file)) throw new ConnectorError(`${display}: berkas tidak ditemukan`, "shape");
  const text = fs.readFileSync(file, "utf8");
  const saved = ckanSaved.safeParse(parseJson(text, display));
  if (!saved.success) throw new ConnectorError(`${display}: bukan berkas jawaban CKAN yang disimpan kinerja: ${saved.error.issues[0]!.path.join(".")}: ${saved.error.issues[0]!.message}`, "shape");
  const src = readCkanSources(path.join(env.referenceDir, "ckan_sumber.csv")).find((s) => s.resource_id === saved.data.resource_id);
  if (!src) throw new ConnectorError(`${display}: resource_id ${saved.data.resource_id} tidak ada di data/reference/ckan_sumber.csv`, "shape");
  const records = saved.data.halaman.flatMap((p, i) => checkCkanPage(p, `${display} halaman ${i + 1}`).result.records);
  const rows = ckanRows(records, src);
  if (rows.length === 0) throw new ConnectorError(`${display}: tidak ada baris yang cocok dengan filter di ckan_sumber.csv`, "shape");
  return landApiRows(wh, { source: "ckan", file: display, sha256: sha256(text), rows, referenceDir: env.referenceDir, now: env.now });
}

export interface FetchCkanOptions {
  source: CkanSource;
  /** Overrides the portal of the config (tests; a mirror). */
  baseUrl?: string;
  token?: string;
  pageSize?: number;
  http?: Partial<Omit<FetchOptions, "service">>;
  rawDir?: string;
}

export function ckanUrl(base: string, src: CkanSource, offset: number, limit: number): string {
  const q = new URLSearchParams({ resource_id: src.resource_id, offset: String(offset), limit: String(limit) });
  if (Object.keys(src.filter).length) q.set("filters", JSON.stringify(src.filter));
  return `${base.replace(/\/+$/, "")}/api/3/action/datastore_search?${q}`;
}

/** Fetch every page, keep them for audit, then load. A failure on any page saves and loads nothing. */
export async function fetchCkan(wh: Warehouse, o: FetchCkanOptions, env: CkanEnv): Promise<ApiLoadResult & { saved: string; pages: number }> {
  const base = o.baseUrl ?? o.source.portal;
  const token = o.token ?? process.env[CKAN_TOKEN_ENV];
  const limit = o.pageSize ?? CKAN_PAGE_SIZE;
  const pages: unknown[] = [];
  let offset = 0;
  let total = Infinity;
  while (offset < total) {
    const got = await fetchJson(ckanUrl(base, o.source, offset, limit), {
      service: "CKAN datastore_search",
      describeError: ckanErrorMessage,
      log: env.log,
      headers: token ? { authorization: token } : {},
      ...o.http,
    });
    const page = checkCkanPage(got.json, `CKAN ${o.source.resource_id} offset ${offset}`);
    pages.push(got.json);
    total = page.result.total;
    if (page.result.records.length === 0) break; // a portal whose total overstates: stop, do not loop
    offset += page.result.records.length;
    if (pages.length > 10_000) throw new ConnectorError(`CKAN ${o.source.resource_id}: lebih dari 10.000 halaman; dihentikan`, "shape");
  }
  const body = JSON.stringify({ sumber: "ckan", portal: base, resource_id: o.source.resource_id, diambil: env.now().toISOString(), halaman: pages });
  const saved = saveResponse(o.rawDir ?? path.join(env.root, "data", "raw", "ckan"), `${stamp(env.now())}-${o.source.resource_id}.json`, body);
  env.log(`CKAN ${o.source.resource_id}: ${pages.length} halaman, jawaban disimpan di ${path.relative(env.root, saved)}`);
  return { ...(await loadCkanFile(wh, saved, env)), saved, pages: pages.length };
}
