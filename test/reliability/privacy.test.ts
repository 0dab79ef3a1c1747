// Privacy, end to end through the real `kinerja build` in a private copy of the project: exports of
// every source with personal columns (generated demo data plus planted rows with known NIPs, names,
// NIKs, phone numbers and free text) are ingested, transformed and built into a temp dist/. Then
// every table of the warehouse and every file of dist/ (zip members included) and of a report pack
// is searched for each known value, the NIP also as bare digits: none is found. Counts of people
// of 1-4 never appear on public pages (a unit with 3 respondents is planted). The pseudonym secret
// is created 0600 and git-ignored. While the build runs its site build, an ingest is refused.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { csvParse, dsvFormat } from "d3-dsv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../../loaders/demo/index.ts";
import { Warehouse } from "../../loaders/warehouse/connection.ts";
import { readLock } from "../../loaders/warehouse/lock.ts";
import { findTextAnywhere, ROOT, tableCount, tempDir } from "../helpers.ts";
import { copyProject, filesAsText, startCli, type CliRun } from "./project-copy.ts";

const tmp = tempDir("kinerja-privasi-");
const project = path.join(tmp.dir, "proyek");
const exportsDir = path.join(tmp.dir, "ekspor");
const db = path.join(project, "data", "gudang.duckdb");
const secretFile = path.join(tmp.dir, "rahasia", ".secret");
const reportDir = path.join(tmp.dir, "laporan");
const env = { KINERJA_SECRET_FILE: secretFile };

// Planted personal values: distinctive, so a hit can only be a leak.
const P = {
  nipSpaced: "1985 0714 2010 01 1 003",
  nip: "198507142010011003",
  nipBad: "19850714201001100X",
  nipPppk: "199001012022212004",
  namaPegawai: "Zulharmaini Rahasiawati",
  nikPegawai: "1377011234567890",
  jabatan: "Analis Kebijakan Tersembunyi Madya",
  catatanSkp: "catatan pribadi kapibara ungu empat puluh dua",
  namaResponden: "Rosmaniar Tersembunyi",
  nikResponden: "1377024509870001",
  hpResponden: "081298765432",
  saran: "saran rahasia flamingo jingga tujuh puluh tujuh",
  namaPemohon: "Fitriyeni Sembunyisaja",
  nikPemohon: "1377035505900002",
  alamatPemohon: "Jalan Rahasia Kelapa Nomor 99",
  keteranganIzin: "keterangan pribadi gajah merah tiga belas",
  namaPelapor: "Syafrizal Diamdiam",
  nikPelapor: "1377046612880003",
  isiLaporan: "isi laporan rahasia penguin biru lima puluh lima",
  keteranganIku: "keterangan iku rahasia zebra hijau dua satu",
};
const SMALL_UNIT = "PKM-NARAS";

function plant(): void {
  const w = (rel: string, lines: string[]) => {
    const f = path.join(exportsDir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, lines.join("\n") + "\n");
  };
  w("skp/skp_tanam.csv", [
    "NIP;Nama;NIK;Jenis ASN;Unit Kerja;Jabatan;Periode;Hasil Kerja;Perilaku Kerja;Predikat;Catatan",
    `${P.nipSpaced};${P.namaPegawai};${P.nikPegawai};PNS;Sekretariat Daerah;${P.jabatan};2020;Sesuai Ekspektasi;Di Atas Ekspektasi;Baik;${P.catatanSkp}`,
    `${P.nipPppk};${P.namaPegawai} Dua;${P.nikPegawai};PPPK;Sekretariat Daerah;${P.jabatan};2020;Sesuai Ekspektasi;Sesuai Ekspektasi;Baik;${P.catatanSkp}`,
    `${P.nipBad};${P.namaPegawai} Tiga;${P.nikPegawai};PNS;Sekretariat Daerah;${P.jabatan};2020;Sesuai Ekspektasi;Sesuai Ekspektasi;Baik;${P.catatanSkp}`,
  ]);
  // Three respondents of one unit in a semester with no other data: a count to suppress. (A larger
  // unit of the same OPD beside it, so the OPD's figures are not those of the small unit alone.)
  const answers = ["4,3,3,4,3,3,3,3,3", "3,3,2,4,3,4,3,2,3", "4,4,3,3,3,3,4,3,4"];
  w("skm/skm_tanam.csv", [
    "Tanggal,Kode Unit,Jenis Layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9,Jenis Kelamin,Umur,Pendidikan,Pekerjaan,Nama,NIK,No HP,Saran",
    ...["03/02/2020", "10/03/2020", "21/04/2020"].map(
      (d, i) => `${d},${SMALL_UNIT},Umum,${answers[i]},P,41,SMA,Swasta,${P.namaResponden},${P.nikResponden},${P.hpResponden},"${P.saran}"`,
    ),
    ...Array.from({ length: 40 }, (_, i) => `${String(1 + (i % 28)).padStart(2, "0")}/0${1 + (i % 6)}/2020,PKM-PARIAMAN,Umum,${answers[i % 3]},L,${20 + i},SMA,Swasta,,,,`),
  ]);
  w("izin/izin_tanam.csv", [
    "No Permohonan;Jenis Izin;Tanggal Masuk;Tanggal Terbit;Status;Nama Pemohon;NIK Pemohon;Alamat;Keterangan",
    `TANAM/2020/1;Persetujuan Bangunan Gedung;06/01/2020;09/03/2020;Selesai;${P.namaPemohon};${P.nikPemohon};${P.alamatPemohon};${P.keteranganIzin}`,
  ]);
  w("pengaduan/lapor_tanam.csv", [
    "No Tiket,Tanggal Laporan,Kode Instansi,Klasifikasi,Tanggal Tindak Lanjut,Tanggal Selesai,Status,Nama Pelapor,NIK Pelapor,Isi Laporan,Kecamatan",
    `2000001,2020-01-06,DPUPR,Pengaduan Investigasi,2020-01-09,2020-01-17,Selesai,${P.namaPelapor},${P.nikPelapor},"${P.isiLaporan}",13.77.04`,
  ]);
  w("iku/iku_tanam.csv", ["Tahun;Triwulan;Kode OPD;Kode Indikator;Target;Realisasi;Keterangan", `2020;;SETDA;SETDA-01;66,5;68,76;${P.keteranganIku}`]);
}

/** Personal values of the generated exports: every NIP, and names and free text (long enough to be unambiguous). */
function demoNeedles(): { nips: Set<string>; texts: string[] } {
  const nips = new Set<string>();
  const texts = new Set<string>();
  for (const src of fs.readdirSync(exportsDir).filter((s) => fs.statSync(path.join(exportsDir, s)).isDirectory())) {
    for (const f of fs.readdirSync(path.join(exportsDir, src)).filter((f) => f.endsWith(".csv"))) {
      const text = fs.readFileSync(path.join(exportsDir, src, f), "utf8").replace(/^\ufeff/, "");
      const head = text.slice(0, text.indexOf("\n"));
      const rows = (head.split(";").length > head.split(",").length ? dsvFormat(";").parse(text) : csvParse(text)) as Record<string, string>[];
      for (const row of rows)
        for (const [k, v] of Object.entries(row)) {
          const key = k.toLowerCase();
          const value = (v ?? "").trim();
          if (key === "nip" && /^\d{18}$/.test(value.replace(/\s/g, ""))) nips.add(value.replace(/\s/g, ""));
          else if (/nama|saran|isi|catatan|keterangan|alamat|nik|hp/.test(key) && value.length >= 12) texts.add(value);
        }
    }
  }
  // A deterministic sample of the free text and names keeps the search of dist/ short.
  return { nips, texts: [...texts].sort().filter((_, i) => i % 7 === 0).slice(0, 300) };
}

let build: CliRun;
let refusedDuringSite: CliRun | null = null;
let readersSeen = false;
let demo: { nips: Set<string>; texts: string[] };
let report: CliRun;

beforeAll(async () => {
  copyProject(project);
  await runDemo({ out: exportsDir, seed: 4242, scale: 0.15 }, { log: () => {} });
  plant();
  demo = demoNeedles();
  const b = startCli(project, ["build", "--data", exportsDir, "--db", db, "--max-rejected", "1"], env);
  // During the site build (the lock says readers are allowed), a writer must be refused.
  const lockFile = `${db}.lock`;
  let finished = false;
  const watch = (async () => {
    for (;;) {
      const holder = readLock(lockFile);
      if (holder?.readers) {
        readersSeen = true;
        refusedDuringSite = await startCli(project, ["ingest", path.join(exportsDir, "iku", "iku_tanam.csv"), "--db", db], env).done;
        return;
      }
      if (finished) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  build = await b.done;
  finished = true;
  await watch;
  fs.mkdirSync(reportDir, { recursive: true });
  report = await startCli(project, ["report", "--periode", "2025", "--format", "xlsx,html", "--out", reportDir, "--db", db], env).done;
}, 900_000);
afterAll(() => tmp.cleanup());

const allNeedles = () => [...Object.values(P), ...demo.texts];

describe("privacy", () => {
  it("the build succeeded and held the warehouse through the site build", () => {
    expect(build.code, build.stderr.slice(-2000)).toBe(0);
    expect(fs.existsSync(path.join(project, "dist", "index.html"))).toBe(true);
    expect(readersSeen).toBe(true);
    expect(refusedDuringSite?.code).toBe(1);
    expect(refusedDuringSite?.stderr).toContain('sedang dipakai untuk menulis oleh "kinerja build"');
    expect(fs.existsSync(`${db}.lock`)).toBe(false);
  });

  it("no NIP, name, NIK, phone number or free text in any table of the warehouse", async () => {
    const wh = await Warehouse.open({ path: db, readOnly: true });
    try {
      // the planted rows did reach the warehouse (pseudonymised), so the search is meaningful
      expect(await wh.one(`SELECT count(*) AS n FROM raw.skm WHERE kode_unit = '${SMALL_UNIT}' AND tanggal < DATE '2021-01-01'`)).toEqual({ n: 3 });
      expect(await wh.one(`SELECT count(*) AS n FROM raw.skp WHERE periode = '2020'`)).toEqual({ n: 2 });
      expect(await wh.one(`SELECT count(*) AS n FROM quarantine.skp WHERE kolom = 'nip' AND nilai IS NULL`)).toMatchObject({ n: expect.any(Number) });
      expect(await tableCount(wh)).toBeGreaterThan(30);
      expect(await findTextAnywhere(wh, [...allNeedles(), P.nip, P.nipPppk])).toEqual([]);
      expect(demo.nips.size).toBeGreaterThan(100);
      expect(await findTextAnywhere(wh, [...demo.nips])).toEqual([]);
    } finally {
      wh.close();
    }
  }, 120_000);

  it("no NIP (also as bare digits), name, NIK or free text in any file of dist/ or of the report pack", async () => {
    expect(report.code, report.stderr.slice(-2000)).toBe(0);
    const files = [
      ...(await filesAsText(path.join(project, "dist"))).map((f) => ({ ...f, name: `dist/${f.name}` })),
      ...(await filesAsText(reportDir, [".zip", ".xlsx"])).map((f) => ({ ...f, name: `laporan/${f.name}` })),
    ];
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.name.startsWith("laporan/"))).toBe(true);
    const needles = allNeedles().map((n) => n.toLowerCase());
    const nips = new Set([...demo.nips, P.nip, P.nipPppk]);
    const hits: string[] = [];
    for (const f of files) {
      const lower = f.text.toLowerCase();
      for (const n of needles) if (lower.includes(n)) hits.push(`${f.name}: ${n}`);
      for (const m of f.text.matchAll(/\d{18}/g)) if (nips.has(m[0])) hits.push(`${f.name}: NIP ${m[0]}`);
      if (f.text.includes(P.nipSpaced)) hits.push(`${f.name}: NIP ${P.nipSpaced}`);
    }
    expect(hits).toEqual([]);
  }, 120_000);

  it("counts of people of 1-4 are never published; the planted unit's 3 respondents are withheld", async () => {
    const wh = await Warehouse.open({ path: db, readOnly: true });
    let planted: { periode: string; jumlah_responden: number }[];
    try {
      planted = await wh.query(`SELECT periode, jumlah_responden FROM mart.ikm_unit WHERE kode_unit = '${SMALL_UNIT}' AND periode LIKE '2020%'`);
    } finally {
      wh.close();
    }
    // The mart has the small count (so the page data must withhold it).
    expect(planted.some((p) => p.jumlah_responden === 3)).toBe(true);
    const PEOPLE = new Set(["jumlah_responden", "jumlah_pegawai", "sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang", "responden"]);
    const small: string[] = [];
    let seenPlanted = 0;
    const walk = (v: unknown, where: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
      else if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o.kode_unit === SMALL_UNIT && typeof o.periode === "string" && o.periode.startsWith("2020") && "jumlah_responden" in o) {
          seenPlanted++;
          if (o.jumlah_responden !== null) small.push(`${where}: planted unit shows ${String(o.jumlah_responden)}`);
        }
        for (const [k, x] of Object.entries(o)) {
          if (PEOPLE.has(k) && typeof x === "number" && x >= 1 && x <= 4) small.push(`${where}.${k} = ${x}`);
          walk(x, `${where}.${k}`);
        }
      }
    };
    for (const f of await filesAsText(path.join(project, "dist"))) {
      if (!f.name.endsWith(".json")) continue;
      walk(JSON.parse(f.text), f.name);
    }
    expect(seenPlanted).toBeGreaterThan(0);
    expect(small).toEqual([]);
  }, 120_000);

  it("the secret was created on first run with mode 0600, and data/.secret is git-ignored", () => {
    expect(fs.existsSync(secretFile)).toBe(true);
    expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(secretFile, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    // exits 0 when ignored (and prints the path)
    expect(execFileSync("git", ["check-ignore", "data/.secret"], { cwd: ROOT, encoding: "utf8" }).trim()).toBe("data/.secret");
    expect(execFileSync("git", ["ls-files", "data/.secret"], { cwd: ROOT, encoding: "utf8" }).trim()).toBe("");
  });
});
