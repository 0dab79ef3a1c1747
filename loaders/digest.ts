// Content digests shared by the two incremental steps of a build: the transform (which models to
// rebuild, loaders/models/run.ts) and the page data (which data loaders to rerun, loaders/site-cache.ts).
// A digest changes when what it covers changes; equal digests mean equal inputs.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Warehouse } from "./warehouse/connection.ts";

export const sha = (data: string | Buffer) => crypto.createHash("sha256").update(data).digest("hex");

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

/** The project files a module imports, itself included, following relative imports (sorted). */
export function moduleGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT)) {
      let target = path.resolve(path.dirname(file), m[1]);
      if (!fs.existsSync(target) && target.endsWith(".js") && fs.existsSync(target.slice(0, -3) + ".ts")) target = target.slice(0, -3) + ".ts";
      visit(target);
    }
  };
  visit(path.resolve(entry));
  return [...seen].sort();
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * A content digest of one table: its columns and types, its row count, and the sum of a hash of
 * every row (order-independent; unlike an xor, two equal rows do not cancel out). One scan.
 */
export async function tableDigest(wh: Warehouse, schema: string, table: string): Promise<string> {
  const cols = await wh.query<{ c: string; t: string }>(
    `SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  if (cols.length === 0) return "absent";
  const r = await wh.one<{ n: number; h: string | null }>(
    `SELECT count(*) AS n, CAST(sum(CAST(hash(t) AS HUGEINT)) AS VARCHAR) AS h FROM ${ident(schema)}.${ident(table)} AS t`,
  );
  return `${cols.map((c) => `${c.c}:${c.t}`).join(",")}|${r.n}|${r.h ?? ""}`;
}

/**
 * What code computes something: every project file imported from `entries` (paths relative to `root`
 * and contents) and the installed packages (package-lock.json), as one hash.
 */
export function codeDigest(entries: string[], root: string): string {
  const hash = crypto.createHash("sha256");
  for (const f of [...new Set(entries.flatMap((e) => moduleGraph(e)))].sort()) hash.update(`${path.relative(root, f)}\0`).update(fs.readFileSync(f));
  const lock = path.join(root, "package-lock.json");
  hash.update("package-lock.json\0").update(fs.existsSync(lock) ? fs.readFileSync(lock) : "");
  return hash.digest("hex");
}
