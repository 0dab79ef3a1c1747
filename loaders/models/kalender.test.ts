// Working-day arithmetic (core.kalender) checked against an independent day-by-day count in JS over
// data/reference/hari_libur.csv, then the SLA rules on tiny fixtures computed by hand: every
// SP4N-LAPOR! klasifikasi through core.pengaduan_tiket and mart.pengaduan_opd, and permit
// processing (median, p90, % on time, backlog) through core.izin_permohonan and mart.izin_sla.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvParse } from "d3-dsv";
import { Warehouse } from "../warehouse/connection.ts";
import { readReference, writeReference } from "../ingest/reference.ts";
import { ensureSourceTables } from "../ingest/load.ts";
import { izin } from "../sources/izin/index.ts";
import { pengaduan } from "../sources/pengaduan/index.ts";
import { MODELS_DIR, readModels } from "./run.ts";

const REFERENCE_DIR = path.resolve(MODELS_DIR, "..", "..", "data", "reference");
const HOLIDAYS = new Set(csvParse(fs.readFileSync(path.join(REFERENCE_DIR, "hari_libur.csv"), "utf8")).map((r) => r.tanggal!));
const DAY = 86_400_000;
const d = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const working = (t: number) => ![0, 6].includes(new Date(t).getUTCDay()) && !HOLIDAYS.has(iso(t));
/** Working days after a up to and including b, by walking the days. */
function wd(a: string, b: string): number {
  let n = 0;
  for (let t = d(a) + DAY; t <= d(b); t += DAY) if (working(t)) n++;
  return n;
}
/** The date n working days after a. */
function plus(a: string, n: number): string {
  let t = d(a);
  while (n > 0) {
    t += DAY;
    if (working(t)) n--;
  }
  return iso(t);
}

let wh: Warehouse;
const models = new Map(readModels().map((m) => [m.name, m.sql]));
async function build(...names: string[]) {
  for (const n of names) await wh.exec(`CREATE OR REPLACE TABLE ${n} AS ${models.get(n)}`);
}

beforeAll(async () => {
  wh = await Warehouse.open({ path: ":memory:" });
  const ref = readReference(REFERENCE_DIR);
  await wh.transaction(() => writeReference(wh, ref));
  await wh.exec(fs.readFileSync(path.join(MODELS_DIR, "macros.sql"), "utf8"));
  await build("core.kalender", "core.periode");
});
afterAll(() => wh.close());

const sqlWd = async (a: string, b: string) =>
  (
    await wh.one<{ n: number }>(
      `SELECT kb.urutan_hari_kerja - ka.urutan_hari_kerja AS n FROM core.kalender ka, core.kalender kb WHERE ka.tanggal = DATE '${a}' AND kb.tanggal = DATE '${b}'`,
    )
  ).n;

describe("working days (core.kalender)", () => {
  it("named cases: weekends, holidays, cuti bersama, year ends", async () => {
    expect(HOLIDAYS.has("2024-01-01")).toBe(true);
    const cases: [string, string, number][] = [
      ["2024-03-04", "2024-03-04", 0], // same day
      ["2024-03-01", "2024-03-04", 1], // Friday -> Monday
      ["2024-03-08", "2024-03-13", 1], // Friday -> Wednesday: Nyepi 11 March 2024 + cuti bersama 12 March
      ["2024-03-02", "2024-03-04", 1], // received Saturday, done Monday
      ["2023-12-29", "2024-01-02", 1], // year end: 30-31 Dec weekend, 1 Jan holiday
      ["2023-12-22", "2023-12-27", 1], // Natal + cuti bersama 25-26 Dec
      ["2024-04-05", "2024-04-16", 1], // Idul Fitri 1445: 8-12 and 15 April
      ["2025-03-28", "2025-04-08", 1], // Idul Fitri 1446: 31 March - 7 April
      ["2024-12-31", "2025-01-02", 1], // 1 Jan 2025 holiday
    ];
    for (const [a, b, n] of cases) {
      expect(wd(a, b), `JS ${a}..${b}`).toBe(n);
      expect(await sqlWd(a, b), `SQL ${a}..${b}`).toBe(n);
    }
  });

  it("agrees with a day-by-day count on 300 spread pairs, 2021-2026", async () => {
    const pairs: [string, string][] = [];
    for (let i = 0; i < 300; i++) {
      const a = d("2021-01-01") + ((i * 7919) % 1900) * DAY;
      pairs.push([iso(a), iso(a + ((i * 104729) % 120) * DAY)]);
    }
    const values = pairs.map(([a, b]) => `(DATE '${a}', DATE '${b}')`).join(", ");
    const rows = await wh.query<{ a: string; b: string; n: number }>(
      `SELECT p.a, p.b, kb.urutan_hari_kerja - ka.urutan_hari_kerja AS n FROM (VALUES ${values}) p(a, b)
       JOIN core.kalender ka ON ka.tanggal = p.a JOIN core.kalender kb ON kb.tanggal = p.b ORDER BY p.a, p.b`,
    );
    expect(rows).toHaveLength(300);
    const wrong = rows.filter((r) => r.n !== wd(r.a, r.b));
    expect(wrong).toEqual([]);
    // Every day of 2024: hari_kerja matches weekday-and-not-holiday.
    const flags = await wh.query<{ tanggal: string; hari_kerja: boolean }>(
      `SELECT tanggal, hari_kerja FROM core.kalender WHERE year(tanggal) = 2024 ORDER BY tanggal`,
    );
    expect(flags.filter((f) => f.hari_kerja !== working(d(f.tanggal)))).toEqual([]);
  });
});

describe("SP4N-LAPOR! standards per klasifikasi (core.pengaduan_tiket, mart.pengaduan_opd)", () => {
  // One OPD per class; in each: t1 answered on day 3 and completed exactly at the limit (on time),
  // t2 answered on day 4 and completed at limit + 1 (both late), t3 answered on day 1, still open.
  const CLASSES = [
    { klasifikasi: "informasi", opd: "DISKOMINFO", limit: 5 },
    { klasifikasi: "sederhana", opd: "DLH", limit: 5 },
    { klasifikasi: "investigasi", opd: "DINKES", limit: 14 },
    { klasifikasi: "lapangan", opd: "DPUPR", limit: 60 },
  ];
  const MASUK = "2024-03-28"; // Thursday before Good Friday (29 March 2024 is a holiday)

  beforeAll(async () => {
    await ensureSourceTables(wh, pengaduan);
    const rows: string[] = [];
    let n = 0;
    const add = (tiket: string, opd: string, k: string, masuk: string, resp: string | null, done: string | null, status: string) =>
      rows.push(`(1, ${++n}, '2024-03', '${tiket}', DATE '${masuk}', '${opd}', '${k}', ${resp ? `DATE '${resp}'` : "NULL"}, ${done ? `DATE '${done}'` : "NULL"}, '${status}', NULL)`);
    for (const c of CLASSES) {
      add(`${c.klasifikasi}-1`, c.opd, c.klasifikasi, MASUK, plus(MASUK, 3), plus(MASUK, c.limit), "selesai");
      add(`${c.klasifikasi}-2`, c.opd, c.klasifikasi, MASUK, plus(MASUK, 4), plus(MASUK, c.limit + 1), "selesai");
      add(`${c.klasifikasi}-3`, c.opd, c.klasifikasi, MASUK, plus(MASUK, 1), null, "proses");
    }
    // Received on a Saturday, answered on Monday: one working day.
    add("sabtu", "DISDUKCAPIL", "informasi", "2024-03-02", "2024-03-04", "2024-03-04", "selesai");
    await wh.exec(`INSERT INTO raw.pengaduan (_load_id, _row, _partisi, nomor_tiket, tanggal_masuk, kode_opd, klasifikasi,
      tanggal_tindak_lanjut, tanggal_selesai, status, kode_kecamatan) VALUES ${rows.join(", ")}`);
    await build("core.pengaduan_tiket", "mart.pengaduan_opd");
  });

  it("the fixture dates are what they claim (independent count)", () => {
    expect(wd(MASUK, plus(MASUK, 3))).toBe(3);
    expect(plus(MASUK, 1)).toBe("2024-04-01"); // Good Friday and the weekend skipped
    expect(wd(MASUK, plus(MASUK, 60))).toBe(60);
  });

  it("each class: first response <= 3 working days, completion within its own limit", async () => {
    const t = await wh.query<{ nomor_tiket: string; hari_tanggapan: number; hari_selesai: number | null; tanggapan_tepat_waktu: boolean; selesai_tepat_waktu: boolean; batas_selesai_hari_kerja: number }>(
      `SELECT nomor_tiket, hari_tanggapan, hari_selesai, tanggapan_tepat_waktu, selesai_tepat_waktu, batas_selesai_hari_kerja FROM core.pengaduan_tiket ORDER BY nomor_tiket`,
    );
    const by = new Map(t.map((r) => [r.nomor_tiket, r]));
    for (const c of CLASSES) {
      expect(by.get(`${c.klasifikasi}-1`)).toMatchObject({ hari_tanggapan: 3, hari_selesai: c.limit, tanggapan_tepat_waktu: true, selesai_tepat_waktu: true, batas_selesai_hari_kerja: c.limit });
      expect(by.get(`${c.klasifikasi}-2`)).toMatchObject({ hari_tanggapan: 4, hari_selesai: c.limit + 1, tanggapan_tepat_waktu: false, selesai_tepat_waktu: false });
      expect(by.get(`${c.klasifikasi}-3`)).toMatchObject({ hari_tanggapan: 1, hari_selesai: null, tanggapan_tepat_waktu: true, selesai_tepat_waktu: false });
    }
    expect(by.get("sabtu")).toMatchObject({ hari_tanggapan: 1, hari_selesai: 1, tanggapan_tepat_waktu: true, selesai_tepat_waktu: true });
  });

  it("the mart per OPD: 2 of 3 answered in time, 1 of 3 completed in time, median of the completed", async () => {
    const m = await wh.query<Record<string, unknown>>(
      `SELECT kode_opd, jumlah, persen_tanggapan_3_hari, persen_selesai_tepat_waktu, median_hari_selesai, selesai, belum_selesai
       FROM mart.pengaduan_opd WHERE periode = '2024-Q1' ORDER BY kode_opd`,
    );
    const by = new Map(m.map((r) => [r.kode_opd, r]));
    for (const c of CLASSES) {
      expect(by.get(c.opd)).toEqual({
        kode_opd: c.opd, jumlah: 3, persen_tanggapan_3_hari: 66.7, persen_selesai_tepat_waktu: 33.3,
        median_hari_selesai: c.limit + 0.5, selesai: 2, belum_selesai: 1,
      });
    }
    expect(by.get("DISDUKCAPIL")).toMatchObject({ jumlah: 1, persen_tanggapan_3_hari: 100, persen_selesai_tepat_waktu: 100 });
  });
});

describe("permit processing (core.izin_permohonan, mart.izin_sla)", () => {
  // SLF, SLA 14 working days. Five issued in 2024 after 2, 4, 10, 14 and 20 working days (one across
  // Idul Fitri): median 10; p90 by linear interpolation = 14 + 0.6 x (20 - 14) = 17.6; on time 4/5 = 80%.
  // Also: one refused, one withdrawn (never backlog), one still open, one received in December and
  // issued in January 2025. Backlog at the end of 2024: the open one and the December one = 2.
  const DAYS = [2, 4, 10, 14, 20];
  const STARTS = ["2024-02-05", "2024-04-05", "2024-06-03", "2024-08-01", "2024-09-02"];

  beforeAll(async () => {
    await ensureSourceTables(wh, izin);
    const rows: string[] = [];
    let n = 0;
    const add = (no: string, masuk: string, terbit: string | null, status: string) =>
      rows.push(`(1, ${++n}, '${masuk.slice(0, 7)}', '${no}', 'Sertifikat Laik Fungsi', DATE '${masuk}', ${terbit ? `DATE '${terbit}'` : "NULL"}, '${status}', NULL, 'SLF')`);
    DAYS.forEach((k, i) => add(`T${i + 1}`, STARTS[i]!, plus(STARTS[i]!, k), "terbit"));
    add("TOLAK", "2024-03-04", plus("2024-03-04", 6), "ditolak");
    add("CABUT", "2024-05-06", null, "dicabut");
    add("OPEN", "2024-11-04", null, "proses");
    add("DES", "2024-12-16", "2025-01-08", "terbit");
    await wh.exec(`INSERT INTO raw.izin (_load_id, _row, _partisi, no_permohonan, jenis_izin, tanggal_masuk, tanggal_terbit, status, kode_kecamatan, kode_izin)
      VALUES ${rows.join(", ")}`);
    await build("core.izin_permohonan", "mart.izin_sla");
  });

  it("processing times are working days (independent count)", async () => {
    const t = await wh.query<{ no_permohonan: string; hari_kerja: number | null; tepat_waktu: boolean | null }>(
      `SELECT no_permohonan, hari_kerja, tepat_waktu FROM core.izin_permohonan ORDER BY no_permohonan`,
    );
    const by = new Map(t.map((r) => [r.no_permohonan, r]));
    DAYS.forEach((k, i) => expect(by.get(`T${i + 1}`)).toEqual({ no_permohonan: `T${i + 1}`, hari_kerja: k, tepat_waktu: k <= 14 }));
    expect(plus("2024-04-05", 4)).toBe("2024-04-19"); // across Idul Fitri 1445
    expect(by.get("DES")!.hari_kerja).toBe(wd("2024-12-16", "2025-01-08"));
    expect(by.get("CABUT")!.hari_kerja).toBeNull();
  });

  it("the year 2024: jumlah 9, selesai 5, median 10, p90 17.6, 80% on time, backlog 2", async () => {
    const y = await wh.one(
      `SELECT jumlah, selesai, ditolak, median_hari_kerja, p90_hari_kerja, persen_tepat_waktu, backlog FROM mart.izin_sla WHERE periode = '2024' AND kode_izin = 'SLF'`,
    );
    expect(y).toEqual({ jumlah: 9, selesai: 5, ditolak: 1, median_hari_kerja: 10, p90_hari_kerja: expect.closeTo(17.6, 9), persen_tepat_waktu: 80, backlog: 2 });
  });

  it("quarters and the next year: Q1 backlog counts open applications at the quarter's end; 2025 issues December's", async () => {
    const q = await wh.query<{ periode: string; jumlah: number; selesai: number; backlog: number }>(
      `SELECT periode, jumlah, selesai, backlog FROM mart.izin_sla WHERE kode_izin = 'SLF' ORDER BY periode`,
    );
    const by = new Map(q.map((r) => [r.periode, r]));
    // Q1: T1 (5 Feb, issued 7 Feb) and TOLAK (4 March, refused 12 March) received and decided in Q1.
    expect(by.get("2024-Q1")).toMatchObject({ jumlah: 2, selesai: 1, backlog: 0 });
    // Q4: OPEN and DES received; T5 (2 Sept + 20 working days) issued in October.
    expect(by.get("2024-Q4")).toMatchObject({ jumlah: 2, selesai: 1, backlog: 2 });
    expect(by.get("2025")).toMatchObject({ jumlah: 0, selesai: 1, backlog: 1 });
  });
});
