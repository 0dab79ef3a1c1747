// Fuzz: a deterministic corpus of >= 1,000 malformed exports (mutations of valid files of every
// source: byte flips, truncation, column drops and duplicates, delimiter swaps, encoding damage, huge
// values, stray quotes, blank lines, NUL bytes, line-ending mixes, mangled headers, formulas; XLSX
// byte flips and truncation) loaded into one warehouse. Zero crashes: every file either loads with
// rows_in = rows_ok + rows_rejected (checked against meta.loads, raw and the quarantine table) or is
// refused as a whole with a one-line message naming the file, and nothing of it written.
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../loaders/warehouse/connection.ts";
import { IngestError, type LoadResult } from "../../loaders/ingest/load.ts";
import { loadOne } from "../../loaders/ingest/run.ts";
import { sourceByName } from "../../loaders/sources/index.ts";
import type { SourceDefinition } from "../../loaders/ingest/source.ts";
import { makeRng, type Rng } from "../../loaders/demo/rng.ts";
import { memoryWarehouse, NOW, ROOT, SECRET, tempDir, TODAY } from "../helpers.ts";

const SEED = 20261127;
const PER_SOURCE = 170;
const XLSX_FILES = 60;
const BASE_LINES = 15;

const SAMPLES: Record<string, string> = {
  skm: "data/sample/skm/skm_2021_s1.csv",
  skp: "data/sample/skp/skp_2021.csv",
  iku: "data/sample/iku/iku_2021.csv",
  layanan: "data/sample/layanan/volume_2021.csv",
  izin: "data/sample/izin/izin_2021.csv",
  pengaduan: "data/sample/pengaduan/lapor_2021.csv",
};

/** The first lines of a committed demo export (read only): a valid file of that source. */
function baseFile(rel: string): { bom: boolean; lines: string[]; delim: string } {
  const text = fs.readFileSync(path.join(ROOT, rel), "utf8");
  const bom = text.startsWith("\ufeff");
  const lines = text.replace(/^\ufeff/, "").split(/\r?\n/).slice(0, BASE_LINES);
  const delim = (lines[0].match(/;/g) ?? []).length > (lines[0].match(/,/g) ?? []).length ? ";" : ",";
  return { bom, lines, delim };
}

type Mutation = (doc: Doc, rng: Rng) => void;
/** A file being mutated: text lines while the mutations are textual, bytes after the first byte-level one. */
interface Doc {
  lines: string[];
  delim: string;
  bom: boolean;
  bytes?: Buffer;
}

const toBytes = (d: Doc): Buffer => d.bytes ?? Buffer.from((d.bom ? "\ufeff" : "") + d.lines.join("\n") + "\n");
const cells = (line: string, delim: string) => line.split(delim);
const DELIMS = [",", ";", "\t", "|", ":"];
const NASTY = [
  '=HYPERLINK("http://contoh.invalid","klik")',
  "'; DROP TABLE raw.skm; --",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "<script>alert(1)</script>",
  "-1e999",
  "9".repeat(400),
  "NaN",
  "Infinity",
  "0x1F",
  "١٢٣",
  "",
  " ",
  "NULL",
  "\\N",
  "31/02/2024",
  "2099-12-31",
  "0000-00-00",
  "12345678901234567890123",
  "Ÿ̸̢̛̲͇̘e̴͖̓s",
  "💥",
];

const textMutations: Record<string, Mutation> = {
  dropColumn(d, rng) {
    const j = rng.int(0, cells(d.lines[0], d.delim).length - 1);
    const scope = rng.int(0, 2); // 0 everywhere, 1 header only, 2 rows only
    d.lines = d.lines.map((l, i) => (scope === 1 && i > 0) || (scope === 2 && i === 0) ? l : cells(l, d.delim).filter((_, k) => k !== j).join(d.delim));
  },
  duplicateColumn(d, rng) {
    const j = rng.int(0, cells(d.lines[0], d.delim).length - 1);
    d.lines = d.lines.map((l) => {
      const c = cells(l, d.delim);
      c.splice(j, 0, c[j] ?? "");
      return c.join(d.delim);
    });
  },
  swapDelimiter(d, rng) {
    const to = rng.pick(DELIMS.filter((x) => x !== d.delim));
    const everywhere = rng.chance(0.5);
    d.lines = d.lines.map((l) => (everywhere || rng.chance(0.3) ? l.split(d.delim).join(to) : l));
  },
  hugeValue(d, rng) {
    const i = rng.int(1, Math.max(1, d.lines.length - 1));
    const c = cells(d.lines[i] ?? "", d.delim);
    c[rng.int(0, Math.max(0, c.length - 1))] = rng.chance(0.5) ? "X".repeat(rng.int(1_000, 100_000)) : rng.pick(["9".repeat(rng.int(20, 2000)), "-" + "9".repeat(30), "1" + "0".repeat(308)]);
    d.lines[i] = c.join(d.delim);
  },
  nastyCell(d, rng) {
    for (let n = rng.int(1, 4); n > 0; n--) {
      const i = rng.int(1, Math.max(1, d.lines.length - 1));
      const c = cells(d.lines[i] ?? "", d.delim);
      c[rng.int(0, Math.max(0, c.length - 1))] = rng.pick(NASTY);
      d.lines[i] = c.join(d.delim);
    }
  },
  strayQuote(d, rng) {
    const i = rng.int(0, d.lines.length - 1);
    const l = d.lines[i];
    const at = rng.int(0, l.length);
    d.lines[i] = l.slice(0, at) + rng.pick(['"', '""', '"\n', "'", '"a"b"']) + l.slice(at);
  },
  quotedNewline(d, rng) {
    const i = rng.int(1, Math.max(1, d.lines.length - 1));
    const c = cells(d.lines[i] ?? "", d.delim);
    c[rng.int(0, Math.max(0, c.length - 1))] = `"baris\npecah ${d.delim} di sini"`;
    d.lines[i] = c.join(d.delim);
  },
  blankLines(d, rng) {
    for (let n = rng.int(1, 6); n > 0; n--) d.lines.splice(rng.int(1, d.lines.length), 0, rng.pick(["", "   ", d.delim.repeat(5), "\t", '""']));
  },
  removeHeader(d) {
    d.lines.shift();
  },
  mangleHeader(d, rng) {
    const c = cells(d.lines[0], d.delim);
    const k = rng.int(0, 3);
    if (k === 0) c.reverse();
    else if (k === 1) c[rng.int(0, c.length - 1)] = "";
    else if (k === 2) d.lines[0] = c.map((h) => h.toUpperCase().replace(/ /g, "_")).join(d.delim);
    else c.push("Kolom Baru", "Nama", "NIK");
    if (k !== 2) d.lines[0] = c.join(d.delim);
  },
  extraCells(d, rng) {
    for (let i = 1; i < d.lines.length; i++) if (rng.chance(0.3)) d.lines[i] += d.delim + "lebih" + d.delim + "lagi";
  },
  shortRows(d, rng) {
    for (let i = 1; i < d.lines.length; i++) if (rng.chance(0.3)) d.lines[i] = cells(d.lines[i], d.delim).slice(0, rng.int(0, 3)).join(d.delim);
  },
  manyRows(d, rng) {
    const body = d.lines.slice(1);
    for (let n = rng.int(20, 100); n > 0 && body.length; n--) d.lines.push(rng.pick(body));
  },
  toggleBom(d) {
    d.bom = !d.bom;
  },
};

const byteMutations: Record<string, Mutation> = {
  flipBytes(d, rng) {
    const b = Buffer.from(toBytes(d));
    for (let n = rng.int(1, 12); n > 0 && b.length; n--) b[rng.int(0, b.length - 1)] ^= 1 << rng.int(0, 7);
    d.bytes = b;
  },
  truncate(d, rng) {
    const b = toBytes(d);
    d.bytes = b.subarray(0, rng.int(0, b.length));
  },
  invalidUtf8(d, rng) {
    const b = toBytes(d);
    const at = rng.int(0, b.length);
    d.bytes = Buffer.concat([b.subarray(0, at), Buffer.from(rng.pick([[0xff], [0xc3], [0xe2, 0x82], [0x80, 0x81], [0xed, 0xa0, 0x80]])), b.subarray(at)]);
  },
  latin1(d) {
    d.bytes = Buffer.from((d.bytes ?? toBytes(d)).toString("utf8").replace(/a/g, "á").replace(/e/g, "é"), "latin1");
  },
  cp1252Punctuation(d, rng) {
    const b = Buffer.from(toBytes(d));
    for (let n = rng.int(1, 5); n > 0 && b.length; n--) b[rng.int(0, b.length - 1)] = rng.pick([0x80, 0x93, 0x94, 0x96, 0x97, 0x99]);
    d.bytes = b;
  },
  utf16(d) {
    d.bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toBytes(d).toString("utf8"), "utf16le")]);
  },
  nulBytes(d, rng) {
    const b = toBytes(d);
    const at = rng.int(0, b.length);
    d.bytes = Buffer.concat([b.subarray(0, at), Buffer.alloc(rng.int(1, 3)), b.subarray(at)]);
  },
  lineEndings(d, rng) {
    const text = toBytes(d).toString("latin1");
    const k = rng.int(0, 2);
    d.bytes = Buffer.from(k === 0 ? text.replace(/\n/g, "\r\n") : k === 1 ? text.replace(/\n/g, "\r") : text.replace(/\n/g, () => rng.pick(["\n", "\r\n", "\r", "\n\r"])), "latin1");
  },
};

interface CorpusFile {
  file: string;
  source: SourceDefinition;
  mutations: string[];
}

function buildCsvCorpus(dir: string): CorpusFile[] {
  const out: CorpusFile[] = [];
  const textNames = Object.keys(textMutations);
  const byteNames = Object.keys(byteMutations);
  for (const [name, rel] of Object.entries(SAMPLES)) {
    const source = sourceByName(name)!;
    const base = baseFile(rel);
    const rng = makeRng(SEED, `fuzz-${name}`);
    for (let n = 0; n < PER_SOURCE; n++) {
      const doc: Doc = { lines: [...base.lines], delim: base.delim, bom: base.bom };
      // Every mutation appears in turn (coverage), then 0-2 more picked at random, bytes last.
      const all = [...textNames, ...byteNames];
      const first = all[n % all.length];
      const picked = [first, ...Array.from({ length: rng.int(0, 2) }, () => rng.pick(all))];
      const ordered = [...picked.filter((m) => m in textMutations), ...picked.filter((m) => m in byteMutations)];
      for (const m of ordered) {
        if (m in textMutations) {
          if (doc.lines.length === 0) continue;
          textMutations[m](doc, rng);
        } else byteMutations[m](doc, rng);
      }
      const file = path.join(dir, name, `${String(n).padStart(3, "0")}-${ordered.join("+")}.csv`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, toBytes(doc));
      out.push({ file, source, mutations: ordered });
    }
  }
  return out;
}

async function buildXlsxCorpus(dir: string): Promise<CorpusFile[]> {
  const base = baseFile(SAMPLES.izin);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Data");
  for (const l of base.lines) ws.addRow(cells(l, base.delim));
  const good = Buffer.from(await wb.xlsx.writeBuffer());
  const rng = makeRng(SEED, "fuzz-xlsx");
  const out: CorpusFile[] = [];
  for (let n = 0; n < XLSX_FILES; n++) {
    const doc: Doc = { lines: [], delim: ",", bom: false, bytes: good };
    const m = n % 2 === 0 ? "flipBytes" : "truncate";
    byteMutations[m](doc, rng);
    const file = path.join(dir, "izin", `${String(n).padStart(3, "0")}-${m}.xlsx`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, doc.bytes!);
    out.push({ file, source: sourceByName("izin")!, mutations: [m] });
  }
  return out;
}

const tmp = tempDir("kinerja-fuzz-");
let wh: Warehouse;
let corpus: CorpusFile[] = [];

beforeAll(async () => {
  corpus = [...buildCsvCorpus(tmp.dir), ...(await buildXlsxCorpus(tmp.dir))];
  wh = await memoryWarehouse();
}, 60_000);
afterAll(() => {
  wh?.close();
  tmp.cleanup();
});

describe("fuzz corpus", () => {
  it("has at least 1,000 files of every source, each mutation represented", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(corpus.map((c) => c.source.name))).toEqual(new Set(Object.keys(SAMPLES)));
    const used = new Set(corpus.flatMap((c) => c.mutations));
    for (const m of [...Object.keys(textMutations), ...Object.keys(byteMutations)]) expect(used, m).toContain(m);
  });

  it("zero crashes: every file loads with a balanced ledger or is refused whole with a clear message", async () => {
    const crashes: string[] = [];
    const outcomes = { loaded: 0, unchanged: 0, refused: 0 };
    const total = async () =>
      wh.one<{ loads: number; raw: number; q: number }>(
        `SELECT (SELECT count(*) FROM meta.loads) AS loads,
                (SELECT coalesce(sum(estimated_size), 0) FROM duckdb_tables() WHERE schema_name = 'raw') AS raw,
                (SELECT coalesce(sum(estimated_size), 0) FROM duckdb_tables() WHERE schema_name = 'quarantine') AS q`,
      );
    for (const c of corpus) {
      const name = path.relative(tmp.dir, c.file);
      const before = await total();
      let r: LoadResult;
      try {
        r = await loadOne(wh, c.source, c.file, { secret: SECRET, today: TODAY, now: () => NOW, displayName: name });
      } catch (e) {
        // A refusal is an IngestError of our own making (no `cause`: not a wrapped surprise).
        const ok = e instanceof IngestError && !e.cause && e.message.startsWith(`${name}: `) && !e.message.includes("\n") && e.message.length < 800;
        if (!ok) crashes.push(`${name}: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}` : String(e)}`);
        const after = await total();
        if (after.loads !== before.loads || after.raw !== before.raw || after.q !== before.q)
          crashes.push(`${name}: refused but the warehouse changed (${JSON.stringify(before)} -> ${JSON.stringify(after)})`);
        outcomes.refused++;
        continue;
      }
      if (r.status === "unchanged") {
        outcomes.unchanged++;
        continue;
      }
      outcomes.loaded++;
      const check = await wh.one<{ rows_in: number; rows_ok: number; rows_rejected: number; raw: number; quarantined: number }>(
        `SELECT rows_in, rows_ok, rows_rejected,
           (SELECT count(*) FROM raw.${c.source.name} WHERE _load_id = $1) AS raw,
           (SELECT count(DISTINCT baris) FROM quarantine.${c.source.name} WHERE _load_id = $1) AS quarantined
         FROM meta.loads WHERE load_id = $1`,
        [r.loadId!],
      );
      const fine =
        check.rows_in === check.rows_ok + check.rows_rejected &&
        check.rows_in === r.rowsIn &&
        check.rows_ok === r.rowsOk &&
        check.raw === check.rows_ok &&
        check.quarantined === check.rows_rejected;
      if (!fine) crashes.push(`${name}: ledger does not balance: ${JSON.stringify({ ...check, result: [r.rowsIn, r.rowsOk, r.rowsRejected] })}`);
    }
    expect(crashes).toEqual([]);
    // The corpus exercises both outcomes.
    expect(outcomes.loaded).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(100);
  }, 480_000);
});
