// The CKAN connector against a local server replaying datastore_search pages: three pages up to
// `total`, a 500 then success, a 403 with CKAN's error JSON, a timeout on the last page, malformed
// JSON, success: false, and the same load again from the saved file. Nothing half-loaded.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Warehouse } from "../../warehouse/connection.ts";
import { runTransform } from "../../pipeline.ts";
import { startReplayServer, type Reply, type ReplayServer } from "../testing.ts";
import { ckanRows, fetchCkan, loadCkanFile, readCkanSources, type CkanEnv, type CkanSource } from "./index.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const REFERENCE_DIR = path.join(ROOT, "data", "reference");
const NOW = new Date("2026-01-15T03:00:00Z");
const FAST = { timeoutMs: 300, attempts: 3, baseDelayMs: 1 };
const SOURCE: CkanSource = readCkanSources(path.join(REFERENCE_DIR, "ckan_sumber.csv"))[0]!;
const PATH = "/api/3/action/datastore_search";

/** 250 records of a provincial dataset (19 kab/kota x years); Kota Pariaman's 2021-2025 spread over the pages. */
const REGIONS = ["13.01", "13.02", "13.03", "13.04", "13.05", "13.06", "13.07", "13.08", "13.09", "13.10", "13.11", "13.12", "13.71", "13.72", "13.73", "13.74", "13.75", "13.76"];
const PARIAMAN_AT = [10, 60, 120, 180, 240];
const PARIAMAN: Record<number, number> = { 2021: 61.5, 2022: 66.2, 2023: 70.4, 2024: 76.1, 2025: 81.7 };
const RECORDS = Array.from({ length: 250 }, (_, i) => {
  const p = PARIAMAN_AT.indexOf(i);
  if (p >= 0) return { _id: i + 1, kode_wilayah: "13.77", nama_wilayah: "Kota Pariaman", tahun: 2021 + p, persentase: String(PARIAMAN[2021 + p]).replace(".", ",") };
  return { _id: i + 1, kode_wilayah: REGIONS[i % REGIONS.length], nama_wilayah: "lain", tahun: 2012 + (i % 14), persentase: 50 + (i % 40) };
});
const FIELDS = [{ id: "_id", type: "int" }, { id: "kode_wilayah", type: "text" }, { id: "nama_wilayah", type: "text" }, { id: "tahun", type: "int" }, { id: "persentase", type: "text" }];

/** A datastore_search page in CKAN's shape for the requested offset/limit (filters ignored: the client filters again). */
function page(url: URL): Reply {
  const offset = Number(url.searchParams.get("offset") ?? 0);
  const limit = Number(url.searchParams.get("limit") ?? 100);
  return {
    json: {
      help: "https://data.example/api/3/action/help_show?name=datastore_search",
      success: true,
      result: {
        include_total: true,
        resource_id: url.searchParams.get("resource_id"),
        fields: FIELDS,
        records_format: "objects",
        records: RECORDS.slice(offset, offset + limit),
        _links: { start: `${PATH}?resource_id=x`, next: `${PATH}?resource_id=x&offset=${offset + limit}` },
        limit,
        offset,
        total: RECORDS.length,
      },
    },
  };
}

let server: ReplayServer;
let wh: Warehouse;
let rawDir: string;
let logs: string[];
const env = (): CkanEnv => ({ root: ROOT, referenceDir: REFERENCE_DIR, now: () => NOW, log: (l) => void logs.push(l) });
const run = () => fetchCkan(wh, { source: SOURCE, baseUrl: server.baseUrl, pageSize: 100, http: FAST, rawDir }, env());
/** Script by call number n (0-based): `special[n]` or else a normal page. */
const scripted = (special: Record<number, Reply>) => server.script(PATH, (url, n) => special[n] ?? page(url));

async function state(w: Warehouse = wh) {
  const one = async (sql: string) => (await w.one<{ n: number }>(sql)).n;
  return {
    loads: await one(`SELECT count(*) AS n FROM meta.loads`),
    raw: await one(`SELECT count(*) AS n FROM raw.ckan`),
    quarantine: await one(`SELECT count(*) AS n FROM quarantine.ckan`),
    files: fs.readdirSync(rawDir),
  };
}
const NOTHING = { loads: 0, raw: 0, quarantine: 0, files: [] };

beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  wh = await Warehouse.open({ path: ":memory:" });
  rawDir = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-ckan-"));
  logs = [];
  server.requests.length = 0;
});
afterEach(() => {
  wh.close();
  fs.rmSync(rawDir, { recursive: true, force: true });
});

describe("CKAN mapping", () => {
  it("the config maps one resource onto a catalogue indicator, with a filter", () => {
    expect(SOURCE).toMatchObject({ kolom_tahun: "tahun", kolom_nilai: "persentase", filter: { kode_wilayah: "13.77" }, kode_indikator: "DINKES-01" });
    const rows = ckanRows(RECORDS, SOURCE);
    expect(rows.map((r) => [r.tahun, r.nilai])).toEqual(Object.entries(PARIAMAN).map(([y, v]) => [Number(y), v]));
  });
});

describe("CKAN connector against a local server", () => {
  it("reads all 3 pages up to total, keeps them for audit and lands the filtered values in one recorded load", async () => {
    scripted({});
    const r = await run();
    expect(r.pages).toBe(3);
    expect(server.requests.map((q) => new URL(q.url, "http://x").searchParams.get("offset"))).toEqual(["0", "100", "200"]);
    const q0 = new URL(server.requests[0]!.url, "http://x").searchParams;
    expect(q0.get("resource_id")).toBe(SOURCE.resource_id);
    expect(JSON.parse(q0.get("filters")!)).toEqual({ kode_wilayah: "13.77" });
    expect([r.rowsIn, r.rowsOk, r.rowsRejected]).toEqual([5, 5, 0]);
    expect(fs.readdirSync(rawDir)).toEqual([`2026-01-15T03-00-00Z-${SOURCE.resource_id}.json`]);
    expect(await wh.query(`SELECT tahun, kode_opd, nilai, record_id FROM raw.ckan ORDER BY tahun`)).toEqual(
      PARIAMAN_AT.map((at, i) => ({ tahun: 2021 + i, kode_opd: "DINKES", nilai: PARIAMAN[2021 + i], record_id: String(at + 1) })),
    );
    expect(await wh.one(`SELECT source, rows_in, rows_ok, status FROM meta.loads`)).toEqual({ source: "ckan", rows_in: 5, rows_ok: 5, status: "loaded" });
  });

  it("the values become annual realisations of the indicator", async () => {
    scripted({});
    await run();
    await runTransform(wh, { root: ROOT, now: () => NOW, log: () => {} });
    expect(await wh.query(`SELECT periode, realisasi FROM core.iku_realisasi WHERE kode_indikator = 'DINKES-01' ORDER BY periode`)).toEqual(
      Object.entries(PARIAMAN).map(([y, v]) => ({ periode: y, realisasi: v })),
    );
  });

  it("retries a 500 on page 2, then completes", async () => {
    scripted({ 1: { status: 500, json: { success: false, error: { message: "Internal Server Error" } } } });
    const r = await run();
    expect(r.rowsOk).toBe(5);
    expect(server.requests).toHaveLength(4);
    expect(logs.some((l) => /HTTP 500/.test(l))).toBe(true);
  });

  it("a 403 with CKAN's error JSON gives a clear message and loads nothing", async () => {
    scripted({ 0: { status: 403, json: { help: "x", success: false, error: { message: "Access denied: token tidak berlaku", __type: "Authorization Error" } } } });
    await expect(run()).rejects.toThrow(/HTTP 403.*kunci\/token API ditolak.*Authorization Error: Access denied/);
    expect(server.requests).toHaveLength(1);
    expect(await state()).toEqual(NOTHING);
  });

  it("a timeout on the last page is retried, then fails: pages 1-2 are not half-loaded", async () => {
    scripted({ 2: { hang: true }, 3: { hang: true }, 4: { hang: true } });
    await expect(run()).rejects.toThrow(/CKAN datastore_search tidak menjawab.*menyerah setelah 3 percobaan/);
    expect(server.requests).toHaveLength(5);
    expect(await state()).toEqual(NOTHING);
  });

  it("malformed JSON on page 2 is rejected clearly; nothing loaded", async () => {
    scripted({ 1: { body: '{"success": true, "result": {"records": [' } });
    await expect(run()).rejects.toThrow(/jawaban bukan JSON yang sah/);
    expect(await state()).toEqual(NOTHING);
  });

  it("success: false in an HTTP 200 is an error too", async () => {
    scripted({ 0: { json: { success: false, error: { resource_id: ["Not found: Resource"], __type: "Not Found Error" } } } });
    await expect(run()).rejects.toThrow(/CKAN menjawab galat: "Not Found Error: resource_id/);
    expect(await state()).toEqual(NOTHING);
  });

  it("offline: the saved file loads the same rows into another warehouse; loading it again changes nothing", async () => {
    scripted({});
    const online = await run();
    const other = await Warehouse.open({ path: ":memory:" });
    try {
      const offline = await loadCkanFile(other, online.saved, env());
      expect(offline.sha256).toBe(online.sha256);
      const q = `SELECT tahun, kode_indikator, kode_opd, nilai, resource_id, record_id FROM raw.ckan ORDER BY tahun`;
      expect(await other.query(q)).toEqual(await wh.query(q));
      expect((await loadCkanFile(other, online.saved, env())).status).toBe("unchanged");
      expect((await state(other)).loads).toBe(1);
    } finally {
      other.close();
    }
  });

  it("a file that is not a saved CKAN response is refused with a clear message", async () => {
    const f = path.join(rawDir, "x.json");
    fs.writeFileSync(f, JSON.stringify({ hello: 1 }));
    await expect(loadCkanFile(wh, f, env())).rejects.toThrow(/bukan berkas jawaban CKAN/);
    expect((await state()).loads).toBe(0);
  });
});
