// The BPS connector against a local server replaying BPS WebAPI responses: success, a 500 then
// success, an invalid key (401 and the 200-with-error variant), a timeout, malformed JSON, and the
// same load again from the saved response file. After a failure nothing is saved or loaded.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Warehouse } from "../../warehouse/connection.ts";
import { runTransform } from "../../pipeline.ts";
import { ConnectorError } from "../http.ts";
import { sha256 } from "../audit.ts";
import { startReplayServer, type ReplayServer } from "../testing.ts";
import { bpsRows, checkBpsResponse, fetchBps, loadBpsFile, readBpsMapping, type BpsEnv } from "./index.ts";
import { APS_VALUES, APS_VAR, apsResponse, BPS_INVALID_KEY } from "./fixtures.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const REFERENCE_DIR = path.join(ROOT, "data", "reference");
const KEY = "test-key-abc123";
const NOW = new Date("2026-01-15T03:00:00Z");
const FAST = { timeoutMs: 300, attempts: 3, baseDelayMs: 1 };

let server: ReplayServer;
let wh: Warehouse;
let rawDir: string;
let logs: string[];
const env = (): BpsEnv => ({ root: ROOT, referenceDir: REFERENCE_DIR, now: () => NOW, log: (l) => void logs.push(l) });
const path_ = `/list/model/data/lang/ind/domain/1377/var/${APS_VAR}/`;
const fetchAps = (extra: object = {}) =>
  fetchBps(wh, { var: APS_VAR, years: [2021, 2022, 2023, 2024, 2025], baseUrl: server.baseUrl, key: KEY, http: FAST, rawDir, ...extra }, env());

async function state(w: Warehouse = wh) {
  const loads = await w.query<{ n: number }>(`SELECT count(*) AS n FROM meta.loads`);
  const raw = await w.query<{ n: number }>(`SELECT count(*) AS n FROM raw.bps`);
  const q = await w.query<{ n: number }>(`SELECT count(*) AS n FROM quarantine.bps`);
  return { loads: loads[0]!.n, raw: raw[0]!.n, quarantine: q[0]!.n, files: fs.readdirSync(rawDir) };
}
const rawRows = (w: Warehouse) =>
  w.query(`SELECT tahun, kode_indikator, kode_opd, nilai, var, vervar, vervar_label FROM raw.bps ORDER BY kode_indikator, tahun`);

beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  wh = await Warehouse.open({ path: ":memory:" });
  rawDir = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-bps-"));
  logs = [];
  server.requests.length = 0;
});
afterEach(() => {
  wh.close();
  fs.rmSync(rawDir, { recursive: true, force: true });
});

describe("BPS response parsing", () => {
  it("maps APS 7-12/13-15/16-18 onto DISDIKBUD-01..03 by vervar label, years from th = year - 1900", () => {
    const mapping = readBpsMapping(path.join(REFERENCE_DIR, "bps_indikator.csv"));
    const rows = bpsRows(checkBpsResponse(apsResponse(), "t"), mapping);
    expect(rows).toHaveLength(15); // 19-24 is not mapped
    expect(rows.find((r) => r.kode_indikator === "DISDIKBUD-03" && r.tahun === 2023)!.nilai).toBe(APS_VALUES["16-18"]![2]);
    expect(rows[0]!.extra).toEqual({ var: APS_VAR, vervar: "1", vervar_label: "7-12" });
  });

  it("rejects a response of the wrong shape with the path of the problem", () => {
    const bad = apsResponse();
    delete bad.vervar;
    expect(() => checkBpsResponse(bad, "x.json")).toThrow(/x\.json: bentuk jawaban BPS tidak dikenali: vervar/);
    expect(() => checkBpsResponse({ status: "OK", "data-availability": "list-not-available" }, "x")).toThrow(/tidak punya data/);
  });
});

describe("BPS connector against a local server", () => {
  it("fetches, keeps the response for audit (atomically), and lands 15 annual values in one recorded load", async () => {
    server.script(path_, [{ json: apsResponse() }]);
    const r = await fetchAps();
    expect(r.status).toBe("loaded");
    expect([r.rowsIn, r.rowsOk, r.rowsRejected]).toEqual([15, 15, 0]);
    // The request carried the domain, the years as th and the key.
    expect(server.requests[0]!.url).toBe(`${path_}th/121;122;123;124;125/key/${KEY}/`);
    // The raw response is kept byte for byte under <timestamp>-<var>.json; no temp file is left.
    expect(fs.readdirSync(rawDir)).toEqual([`2026-01-15T03-00-00Z-${APS_VAR}.json`]);
    const saved = fs.readFileSync(r.saved, "utf8");
    expect(JSON.parse(saved)).toEqual(apsResponse());
    const load = await wh.one<{ source: string; file: string; sha256: string; rows_in: number; status: string }>(
      `SELECT source, file, sha256, rows_in, status FROM meta.loads`,
    );
    expect(load).toMatchObject({ source: "bps", sha256: sha256(saved), rows_in: 15, status: "loaded" });
    expect(load.file.endsWith(`-${APS_VAR}.json`)).toBe(true);
    expect(await wh.query(`SELECT DISTINCT kode_opd FROM raw.bps`)).toEqual([{ kode_opd: "DISDIKBUD" }]);
  });

  it("lands APS as annual realisations of DISDIKBUD in core.iku_realisasi and the mart", async () => {
    server.script(path_, [{ json: apsResponse() }]);
    await fetchAps();
    await runTransform(wh, { root: ROOT, now: () => NOW, log: () => {} });
    const rows = await wh.query(
      `SELECT periode, kode_opd, realisasi FROM core.iku_realisasi WHERE kode_indikator = 'DISDIKBUD-02' ORDER BY periode`,
    );
    expect(rows).toEqual([2021, 2022, 2023, 2024, 2025].map((y, i) => ({ periode: String(y), kode_opd: "DISDIKBUD", realisasi: APS_VALUES["13-15"]![i] })));
    const mart = await wh.one<{ realisasi: number; capaian: number | null }>(
      `SELECT realisasi, capaian FROM mart.indikator_capaian WHERE kode_indikator = 'DISDIKBUD-01' AND periode = '2024'`,
    );
    expect(mart.realisasi).toBe(APS_VALUES["7-12"]![3]);
  });

  it("retries after a 500 and then loads", async () => {
    server.script(path_, [{ status: 500, body: "<html>Internal Server Error</html>", contentType: "text/html" }, { json: apsResponse() }]);
    const r = await fetchAps();
    expect(r.rowsOk).toBe(15);
    expect(server.requests).toHaveLength(2);
    expect(logs.some((l) => /HTTP 500.*mencoba lagi \(2\/3\)/.test(l))).toBe(true);
  });

  it("an invalid key (401 with the API's JSON error) gives a clear message, no retry, and loads nothing", async () => {
    server.script(path_, [{ status: 401, json: BPS_INVALID_KEY }]);
    const e = await fetchAps().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectorError);
    expect((e as Error).message).toMatch(/HTTP 401.*kunci\/token API ditolak.*"Invalid API key"/);
    expect((e as Error).message).not.toContain(KEY); // the key never appears in messages
    expect((e as Error).message).toContain("/key/***/");
    expect(server.requests).toHaveLength(1);
    expect(await state()).toEqual({ loads: 0, raw: 0, quarantine: 0, files: [] });
  });

  it("the same error inside an HTTP 200 is caught too", async () => {
    server.script(path_, [{ json: BPS_INVALID_KEY }]);
    await expect(fetchAps()).rejects.toThrow(/BPS WebAPI menjawab galat: "Invalid API key".*BPS_API_KEY/);
    expect(await state()).toEqual({ loads: 0, raw: 0, quarantine: 0, files: [] });
  });

  it("a server that never answers is retried, then a clear error; nothing loaded", async () => {
    server.script(path_, [{ hang: true }]);
    const e = await fetchAps().catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/tidak menjawab dalam 0,3 detik|tidak menjawab dalam 0.3 detik/);
    expect((e as Error).message).toMatch(/menyerah setelah 3 percobaan/);
    expect(server.requests).toHaveLength(3);
    expect(await state()).toEqual({ loads: 0, raw: 0, quarantine: 0, files: [] });
  });

  it("malformed JSON is rejected with a clear message; nothing saved or loaded", async () => {
    server.script(path_, [{ body: '{"status":"OK","data-availability":"available","var":[{"val":305,' }]);
    await expect(fetchAps()).rejects.toThrow(/BPS WebAPI: jawaban bukan JSON yang sah/);
    expect(server.requests).toHaveLength(1);
    expect(await state()).toEqual({ loads: 0, raw: 0, quarantine: 0, files: [] });
  });

  it("without a key it says which environment variable to set", async () => {
    const before = process.env.BPS_API_KEY;
    delete process.env.BPS_API_KEY;
    try {
      await expect(fetchAps({ key: undefined })).rejects.toThrow(/BPS_API_KEY/);
    } finally {
      if (before !== undefined) process.env.BPS_API_KEY = before;
    }
    expect(server.requests).toHaveLength(0);
  });

  it("a non-numeric value is quarantined, the rest is loaded, rows_in = rows_ok + rows_rejected", async () => {
    server.script(path_, [{ json: apsResponse({ [`2${APS_VAR}01230`]: "-" }) }]);
    const r = await fetchAps();
    expect([r.rowsIn, r.rowsOk, r.rowsRejected]).toEqual([15, 14, 1]);
    const q = await wh.query(`SELECT kolom, aturan, nilai FROM quarantine.bps`);
    expect(q).toEqual([{ kolom: "nilai", aturan: "bukan angka", nilai: "-" }]);
  });

  it("offline: loading the saved file into another warehouse gives the same rows; the same file twice changes nothing", async () => {
    server.script(path_, [{ json: apsResponse() }]);
    const online = await fetchAps();
    const other = await Warehouse.open({ path: ":memory:" });
    try {
      const offline = await loadBpsFile(other, online.saved, env());
      expect(offline.status).toBe("loaded");
      expect(offline.sha256).toBe(online.sha256);
      expect(await rawRows(other)).toEqual(await rawRows(wh));
      const again = await loadBpsFile(other, online.saved, env());
      expect(again.status).toBe("unchanged");
      expect((await state(other)).loads).toBe(1);
    } finally {
      other.close();
    }
  });

  it("a corrected response for the same years replaces those values and supersedes the old load", async () => {
    server.script(path_, [{ json: apsResponse() }]);
    await fetchAps();
    const fixed = apsResponse({ [`1${APS_VAR}01250`]: 99.9 });
    const file = path.join(rawDir, "koreksi.json");
    fs.writeFileSync(file, JSON.stringify(fixed));
    const r = await loadBpsFile(wh, file, env());
    expect(r.rowsReplaced).toBe(15);
    expect(await wh.query(`SELECT count(*) AS n FROM raw.bps`)).toEqual([{ n: 15 }]);
    expect(await wh.query(`SELECT nilai FROM raw.bps WHERE kode_indikator = 'DISDIKBUD-01' AND tahun = 2025`)).toEqual([{ nilai: 99.9 }]);
    expect(await wh.query(`SELECT status FROM meta.loads ORDER BY load_id`)).toEqual([{ status: "superseded" }, { status: "loaded" }]);
  });
});
