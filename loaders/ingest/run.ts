// Ingest a set of paths: reference data first, then each export file with its recognised source.
import fs from "node:fs";
import path from "node:path";
import { headerFit } from "./headers.ts";
import { IngestError, isXlsx, loadFile, type LoadResult } from "./load.ts";
import { FileFormatError, sniffCsv } from "./read-csv.ts";
import { aliasesBySource, readReference, writeReference } from "./reference.ts";
import type { SourceDefinition } from "./source.ts";
import type { Warehouse } from "../warehouse/connection.ts";

export interface IngestOptions {
  referenceDir: string;
  secret: Buffer;
  today: string;
  now: () => Date;
  /** Force every file to this source instead of recognising it. */
  source?: SourceDefinition;
  sources: SourceDefinition[];
  /** Paths are recorded relative to this folder. */
  root: string;
  onFileStart?: (file: string, index: number, total: number) => void;
  onProgress?: (fraction: number) => void;
}

const EXTENSIONS = [".csv", ".txt", ".tsv", ".xlsx"];

/** Every export file under the given paths, sorted so that loads are reproducible. */
export function listFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        if (entry.startsWith(".") || entry.toLowerCase() === "readme.md") continue;
        walk(path.join(p, entry));
      }
    } else if (EXTENSIONS.includes(path.extname(p).toLowerCase())) out.push(p);
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new IngestError(p, "berkas atau folder tidak ditemukan");
    walk(p);
  }
  return out;
}

/** The source of a file: by its folder name, else by how well its header row fits each contract. */
export function recogniseSource(file: string, sources: SourceDefinition[]): SourceDefinition {
  const folders = path.dirname(path.resolve(file)).split(path.sep).map((s) => s.toLowerCase());
  for (let i = folders.length - 1; i >= 0; i--) {
    const hit = sources.find((s) => s.folders.includes(folders[i]));
    if (hit) return hit;
  }
  let headers: string[];
  if (isXlsx(file))
    throw new IngestError(file, `sumber berkas XLSX dikenali dari nama foldernya: taruh di folder ${sources.map((s) => s.folders[0]).join("/, ")}/ atau pakai --source`);
  try {
    headers = sniffCsv(file).headers;
  } catch (e) {
    if (e instanceof FileFormatError) throw new IngestError(file, e.message);
    throw e;
  }
  const ranked = sources.map((s) => ({ s, fit: headerFit(headers, s) })).sort((a, b) => b.fit - a.fit);
  if (ranked[0].fit < 0.5)
    throw new IngestError(
      file,
      `sumber data tidak dikenali dari nama folder maupun judul kolom; taruh berkas di folder ${sources.map((s) => s.folders[0]).join("/, ")}/ atau pakai --source`,
    );
  return ranked[0].s;
}

export async function ingest(wh: Warehouse, paths: string[], options: IngestOptions): Promise<LoadResult[]> {
  const reference = readReference(options.referenceDir);
  const aliases = aliasesBySource(reference);
  const files = listFiles(paths);
  const plan = files.map((file) => ({ file, source: options.source ?? recogniseSource(file, options.sources) }));
  await wh.transaction(() => writeReference(wh, reference));
  const results: LoadResult[] = [];
  for (const [i, { file, source }] of plan.entries()) {
    options.onFileStart?.(file, i, plan.length);
    const displayName = path.relative(options.root, path.resolve(file)) || file;
    results.push(
      await loadFile(wh, source, file, {
        secret: options.secret,
        today: options.today,
        now: options.now,
        displayName: displayName.split(path.sep).join("/"),
        extraAliases: aliases[source.name],
        onProgress: options.onProgress,
      }),
    );
  }
  return results;
}
