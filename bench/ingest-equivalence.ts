// Verdict equivalence of two versions of the ingest: run this with the loader code of each (CODE is
// a checkout, e.g. `git archive <commit> | tar -x -C /tmp/base` with node_modules linked) and compare
// the two outputs byte for byte. Each case is loaded into a fresh in-memory warehouse with a fixed
// secret and clock: data/sample as a whole, every source fixture alone, and every hostile case of
// test/reliability alone. The output holds, per case, the load results (or the refusal message),
// the ledger and every raw and quarantine row, sorted.
//
//   tsx bench/ingest-equivalence.ts CODE OUT.json
//   cmp OUT-old.json OUT-new.json
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HOSTILE } from "../test/reliability/hostile-cases.ts";
import { ROOT } from "./lib.ts";

const [codeArg, outFile] = process.argv.slice(2);
if (!codeArg || !outFile) throw new Error("usage: tsx bench/ingest-equivalence.ts CODE OUT.json");
const code = path.resolve(codeArg);
const { Warehouse } = await import(path.join(code, "loaders/warehouse/connection.ts"));
const { runIngest } = await import(path.join(code, "loaders/pipeline.ts"));

const secret = crypto.createHash("sha256").update("kinerja-equivalence").digest();
const now = () => new Date("2026-01-15T03:00:00Z");
const stage = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-equiv-"));
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x));

async function dump(paths: string[]): Promise<unknown> {
  const wh = await Warehouse.open({ path: ":memory:" });
  try {
    let results: unknown;
    try {
      results = (await runIngest(wh, paths, { root: stage, now, log: () => {} }, { secret })).map((r: any) => ({
        ...r,
        sha256: undefined,
        // ties of the rule summary have no order (older code): compare it sorted
        rules: [...r.rules].sort((x: any, y: any) => json(x).localeCompare(json(y))),
      }));
    } catch (e) {
      results = { error: (e instanceof Error ? e.message : String(e)).split(stage).join("<stage>") };
    }
    const tables: Record<string, unknown> = {};
    const names = await wh.query(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('raw', 'quarantine') ORDER BY 1, 2`,
    );
    for (const { s, t } of names as { s: string; t: string }[]) tables[`${s}.${t}`] = await wh.query(`SELECT * FROM ${s}."${t}" ORDER BY ALL`);
    tables.loads = await wh.query(
      `SELECT load_id, source, file, rows_in, rows_ok, rows_rejected, rows_replaced, partitions, status FROM meta.loads ORDER BY load_id`,
    );
    return { results, tables };
  } finally {
    wh.close();
  }
}

const cases: { name: string; paths: string[] }[] = [];
fs.cpSync(path.join(ROOT, "data", "reference"), path.join(stage, "data", "reference"), { recursive: true });
fs.cpSync(path.join(ROOT, "data", "sample"), path.join(stage, "sample"), { recursive: true });
cases.push({ name: "data/sample", paths: [path.join(stage, "sample")] });
const sourcesDir = path.join(ROOT, "loaders", "sources");
for (const s of fs.readdirSync(sourcesDir).sort()) {
  const fx = path.join(sourcesDir, s, "fixtures");
  if (!fs.existsSync(fx)) continue;
  for (const f of fs.readdirSync(fx).sort()) {
    if (f.startsWith(".")) continue;
    const dest = path.join(stage, "fixtures", s, f);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(fx, f), dest);
    cases.push({ name: `fixture ${s}/${f}`, paths: [dest] });
  }
}
// Repeats and damaged copies of real rows of each source (duplicate keys after an invalid row,
// with a key cell emptied or garbled, blank lines between): the unique rules' corner cases.
for (const dir of fs.readdirSync(path.join(ROOT, "data", "sample")).sort()) {
  if (!fs.statSync(path.join(ROOT, "data", "sample", dir)).isDirectory()) continue;
  const first = fs.readdirSync(path.join(ROOT, "data", "sample", dir)).sort().find((f) => f.endsWith(".csv"));
  if (!first) continue;
  const text = fs.readFileSync(path.join(ROOT, "data", "sample", dir, first), "utf8");
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l !== "");
  const delim = (lines[0].match(/;/g) ?? []).length > (lines[0].match(/,/g) ?? []).length ? ";" : ",";
  const rows = lines.slice(1, 31);
  const out = [lines[0], ...rows];
  const width = lines[0].split(delim).length;
  for (let j = 0; j < width; j++) {
    const base = rows[j % 10].split(delim);
    out.push(base.map((c, k) => (k === j ? "" : c)).join(delim));
    out.push(base.map((c, k) => (k === j ? "x?" : c)).join(delim));
    out.push(rows[j % 10], "", rows[(j + 3) % 10]);
  }
  // Cells padded with each kind of white space the trim removes (and one it keeps: \v).
  for (const [k, pad] of [" ", "\t", "\f", "\v", "  \t "].entries())
    out.push(rows[10 + k].split(delim).map((c) => (k % 2 ? `${pad}${c}` : `${c}${pad}`)).join(delim));
  const dest = path.join(stage, "repeats", dir, first);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, out.join("\n") + "\n");
  cases.push({ name: `repeats ${dir}/${first}`, paths: [dest] });
}
for (const [i, h] of HOSTILE.entries()) {
  const dest = path.join(stage, "hostile", String(i), h.file);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, await h.content());
  cases.push({ name: `hostile ${h.name}`, paths: [dest] });
}

const out: Record<string, unknown> = {};
try {
  for (const c of cases) out[c.name] = await dump(c.paths);
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
const tmp = `${outFile}.tmp`;
fs.writeFileSync(tmp, json(out) + "\n");
fs.renameSync(tmp, outFile);
console.log(`${cases.length} cases → ${outFile} (${crypto.createHash("sha256").update(fs.readFileSync(outFile)).digest("hex").slice(0, 16)})`);
