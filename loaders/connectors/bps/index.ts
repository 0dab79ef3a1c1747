// BPS WebAPI connector: `list/model/data` (domain 1377, Kota Pariaman) for the variables mapped in
// data/reference/bps_indikator.csv (var, vervar label or code, kode_indikator), landed as annual
// realisations in raw.bps. The response is kept under data/raw/bps/ for audit and can be loaded
// again offline from that file.
//
// Response shape: var[], vervar[], turvar[], tahun[] (val = year - 1900), turtahun[], and
// datacontent whose keys are the concatenation vervar + var + turvar + th + turtahun. The
// concatenation is ambiguous to split, so keys are built from the listed combinations instead.
import fs from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";
import { z } from "zod";
import { saveResponse, sha256, stamp } from "../audit.ts";
import { ConnectorError, fetchJson, parseJson, type FetchOptions } from "../http.ts";
import { landApiRows, type ApiLoadResult, type ApiRow } from "../land.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

export const BPS_DOMAIN = "1377";
export const BPS_DEFAULT_BASE = "https://webapi.bps.go.id/v1/api";
export const BPS_KEY_ENV = "BPS_API_KEY";

const item = z.object({ val: z.union([z.number(), z.string()]), label: z.string() }).loose();
export const bpsResponse = z
  .object({
    status: z.literal("OK"),
    "data-availability": z.literal("available"),
    var: z.array(item.extend({ unit: z.string().optional() })).min(1),
    turvar: z.array(item).min(1),
    labelvervar: z.string().optional(),
    vervar: z.array(item).min(1),
    tahun: z.array(item).min(1),
    turtahun: z.array(item).min(1),
    datacontent: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  })
  .loose();
export type BpsResponse = z.infer<typeof bpsResponse>;

export interface BpsMapping {
  var: number;
  /** A vervar label ("7-12") or code ("1"). */
  vervar: string;
  kode_indikator: string;
}

export function readBpsMapping(file: string): BpsMapping[] {
  const rows = csvParse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  for (const c of ["var", "vervar", "kode_indikator"])
    if (!rows.columns.includes(c)) throw new Error(`${file}: baris 1: kolom ${c} tidak ada (judul harus: var,vervar,kode_indikator)`);
  return rows.map((r, i) => {
    const v = Number(r.var);
    if (!Number.isInteger(v)) throw new Error(`${file}: baris ${i + 2}, kolom var: bukan bilangan bulat: ${r.var}`);
    return { var: v, vervar: r.vervar!.trim(), kode_indikator: r.kode_indikator!.trim() };
  });
}

/** BPS answers errors as JSON {status: "Error", message} (sometimes with HTTP 200). */
export function bpsErrorMessage(body: unknown): string | undefined {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    if (typeof b.message === "string") return b.message;
    if (typeof b["data-availability"] === "string" && b.status !== "OK") return String(b["data-availability"]);
  }
  return undefined;
}

/** Validate the JSON shape; an API-level error or no data gets a clear message. */
export function checkBpsResponse(json: unknown, where: string): BpsResponse {
  if (json && typeof json === "object") {
    const b = json as Record<string, unknown>;
    if (b.status !== undefined && b.status !== "OK")
      throw new ConnectorError(`${where}: BPS WebAPI menjawab galat: "${bpsErrorMessage(json) ?? String(b.status)}" (periksa kunci API di ${BPS_KEY_ENV})`, "api");
    if (b.status === "OK" && b["data-availability"] !== "available")
      throw new ConnectorError(`${where}: BPS WebAPI tidak punya data untuk permintaan ini (data-availability: ${String(b["data-availability"])})`, "api");
  }
  const parsed = bpsResponse.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConnectorError(`${where}: bentuk jawaban BPS tidak dikenali: ${issue.path.join(".") || "(akar)"}: ${issue.message}`, "shape");
  }
  return parsed.data;
}

/** The mapped values of one response as rows (not yet validated against the catalogue). */
export function bpsRows(res: BpsResponse, mapping: BpsMapping[]): ApiRow[] {
  const rows: ApiRow[] = [];
  const turvar = res.turvar[0]!;
  const turtahun = res.turtahun[0]!;
  for (const v of res.var) {
    for (const m of mapping.filter((x) => String(x.var) === String(v.val))) {
      const vv = res.vervar.find((x) => x.label.replace(/\s+/g, "") === m.vervar.replace(/\s+/g, "") || String(x.val) === m.vervar);
      if (!vv) continue;
      for (const th of res.tahun) {
        const key = `${vv.val}${v.val}${turvar.val}${th.val}${turtahun.val}`;
        if (!(key in res.datacontent)) continue;
        const raw = res.datacontent[key];
        const text = raw === null ? null : String(raw);
        const n = typeof raw === "number" ? raw : text !== null && /^-?\d+([.,]\d+)?$/.test(text.trim()) ? Number(text.trim().replace(",", ".")) : null;
        const year = Number(th.label);
        rows.push({
          row: rows.length + 1,
          tahun: Number.isInteger(year) ? year : Number(th.val) + 1900,
          kode_indikator: m.kode_indikator,
          nilai: n,
          nilaiText: text,
          extra: { var: Number(v.val), vervar: String(vv.val), vervar_label: vv.label },
        });
      }
    }
  }
  return rows;
}

export interface BpsEnv {
  root: string;
  referenceDir: string;
  now: () => Date;
  log: (line: string) => void;
}

/** Load a saved BPS response file (offline, or the file just fetched). */
export async function loadBpsFile(wh: Warehouse, file: string, env: BpsEnv): Promise<ApiLoadResult> {
  const display = path.relative(env.root, path.resolve(file)).split(path.sep).join("/") || file;
  if (!fs.existsSync(file)) throw new ConnectorError(`${display}: berkas tidak ditemukan`, "shape");
  const text = fs.readFileSync(file, "utf8");
  const res = checkBpsResponse(parseJson(text, display), display);
  const mapping = readBpsMapping(path.join(env.referenceDir, "bps_indikator.csv"));
  const rows = bpsRows(res, mapping);
  if (rows.length === 0)
    throw new ConnectorError(`${display}: tidak ada nilai untuk var/vervar yang dipetakan di data/reference/bps_indikator.csv`, "shape");
  return landApiRows(wh, { source: "bps", file: display, sha256: sha256(text), rows, referenceDir: env.referenceDir, now: env.now });
}

export interface FetchBpsOptions {
  var: number;
  /** Years, e.g. [2021, ..., 2025]. */
  years: number[];
  baseUrl?: string;
  key?: string;
  http?: Partial<Omit<FetchOptions, "service">>;
  /** Where responses are kept (default data/raw/bps under root). */
  rawDir?: string;
}

export function bpsUrl(base: string, variable: number, years: number[], key: string): string {
  const th = years.map((y) => y - 1900).join(";");
  return `${base.replace(/\/+$/, "")}/list/model/data/lang/ind/domain/${BPS_DOMAIN}/var/${variable}/th/${th}/key/${encodeURIComponent(key)}/`;
}

/** Fetch, keep the response for audit, then load it. Nothing is saved or loaded when the fetch fails. */
export async function fetchBps(wh: Warehouse, o: FetchBpsOptions, env: BpsEnv): Promise<ApiLoadResult & { saved: string }> {
  const key = o.key ?? process.env[BPS_KEY_ENV];
  if (!key) throw new ConnectorError(`kunci BPS WebAPI belum diatur: isi variabel lingkungan ${BPS_KEY_ENV} (daftar di https://webapi.bps.go.id)`, "api");
  const base = o.baseUrl ?? process.env.BPS_API_BASE ?? BPS_DEFAULT_BASE;
  const got = await fetchJson(bpsUrl(base, o.var, o.years, key), {
    service: "BPS WebAPI",
    describeError: bpsErrorMessage,
    log: env.log,
    display: bpsUrl(base, o.var, o.years, "***"),
    ...o.http,
  });
  // Reject an error or malformed body before anything is written.
  checkBpsResponse(got.json, `BPS WebAPI var ${o.var}`);
  const saved = saveResponse(o.rawDir ?? path.join(env.root, "data", "raw", "bps"), `${stamp(env.now())}-${o.var}.json`, got.text);
  env.log(`BPS WebAPI var ${o.var}: jawaban disimpan di ${path.relative(env.root, saved)}`);
  return { ...(await loadBpsFile(wh, saved, env)), saved };
}
