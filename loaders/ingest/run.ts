// Ingest a set of paths: reference data first, then each export file with its recognised source.
import fs from "node:fs";
import path from "node:path";
import { headerFit } from "./headers.ts";
import os from "node:os";
import { IngestError, isXlsx, loadFile, type LoadOptions, type LoadResult } from "./load.ts";
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

/**
 * True when a CSV file has at least one line below the header with something in it (not only
 * delimiters, quotes and spaces). Streams the file; stops at the first such line.
 */
export function csvHasDataRows(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    let afterHeader = false;
    let content = false;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return afterHeader && content;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (b === 0x0a) {
          if (afterHeader && content) return true;
          afterHeader = true;
          content = false;
        } else if (afterHeader && !content) {
          // whitespace, the delimiters, quotes and UTF-16 high bytes do not make a row
          if (![0x00, 0x20, 0x09, 0x0d, 0x2c, 0x3b, 0x7c, 0x22, 0xef, 0xbb, 0xbf].includes(b)) content = true;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Anything but an IngestError becomes one that names the file: a steward never sees a stack trace. */
function asIngestError(e: unknown, file: string): IngestError {
  if (e instanceof IngestError) return e;
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  const detail = /not (latin-1|utf-8) encoded|invalid unicode|encoding/i.test(message)
    ? `pengodean karakter tidak dikenali (simpan ulang sebagai CSV UTF-8) — ${message}`
    : `tidak dapat dimuat — ${message}`;
  const err = new IngestError(file, detail);
  err.cause = e;
  return err;
}

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
  const shown = (file: string) => (path.relative(options.root, path.resolve(file)) || file).split(path.sep).join("/");
  const plan = files.map((file) => ({ file, source: options.source ?? recogniseSource(file, options.sources) }));
  // Files that hold no data are refused before anything is written.
  for (const { file } of plan) if (!isXlsx(file) && !csvHasDataRows(file)) throw new IngestError(shown(file), NO_DATA);
  await wh.transaction(() => writeReference(wh, reference));
  const results: LoadResult[] = [];
  for (const [i, { file, source }] of plan.entries()) {
    options.onFileStart?.(file, i, plan.length);
    results.push(
      await loadOne(wh, source, file, {
        secret: options.secret,
        today: options.today,
        now: options.now,
        displayName: shown(file),
        extraAliases: aliases[source.name],
        onProgress: options.onProgress,
      }),
    );
  }
  return results;
}

const NO_DATA = "tidak ada baris data di bawah baris judul (berkas kosong atau hanya judul): tidak ada yang dimuat";

/**
 * A CSV with a UTF-16 byte order mark is decoded as such. Any other CSV that is not UTF-8 is taken as Windows-1252 (what Excel on Windows writes; a superset of the
 * printable Latin-1), which DuckDB's own reader refuses for bytes 0x80-0x9F (“ ” – €): such a
 * file is transcoded to a UTF-8 copy in a temp folder first. The copy's content, and so its
 * sha256, is a function of the original's, so loading the same export twice still changes nothing.
 */
export async function asUtf8(file: string): Promise<{ file: string; cleanup: () => void }> {
  const none = { file, cleanup: () => {} };
  // Excel's "Unicode text" export is UTF-16 with a byte order mark (and tab-separated).
  const bom = Buffer.alloc(2);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, bom, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  const utf16 = bom[0] === 0xff && bom[1] === 0xfe ? "utf-16le" : bom[0] === 0xfe && bom[1] === 0xff ? "utf-16be" : null;
  if (!utf16) {
    try {
      if (sniffCsv(file).encoding === "utf-8") return none;
    } catch {
      return none; // loadFile says what is wrong with it
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-utf8-"));
  const copy = path.join(dir, path.basename(file));
  try {
    const decoder = new TextDecoder(utf16 ?? "windows-1252");
    const out = fs.createWriteStream(copy);
    const done = new Promise<void>((resolve, reject) => {
      out.on("finish", resolve);
      out.on("error", reject);
    });
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }))
      if (!out.write(decoder.decode(chunk as Buffer, { stream: true }))) await new Promise<void>((r) => out.once("drain", () => r()));
    out.end(decoder.decode());
    await done;
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { file: copy, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of the file with \r\n and lone \r line endings made \n (byte-wise, streamed). */
export async function withUnixLineEndings(file: string): Promise<{ file: string; cleanup: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-eol-"));
  const copy = path.join(dir, path.basename(file));
  try {
    const out = fs.createWriteStream(copy);
    const done = new Promise<void>((resolve, reject) => {
      out.on("finish", resolve);
      out.on("error", reject);
    });
    let pendingCr = false;
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
      const b = chunk as Buffer;
      const o = Buffer.alloc(b.length + 1);
      let n = 0;
      let i = 0;
      if (pendingCr) {
        o[n++] = 0x0a;
        if (b[0] === 0x0a) i = 1;
        pendingCr = false;
      }
      for (; i < b.length; i++) {
        if (b[i] !== 0x0d) o[n++] = b[i];
        else if (i + 1 === b.length) pendingCr = true;
        else {
          o[n++] = 0x0a;
          if (b[i + 1] === 0x0a) i++;
        }
      }
      if (!out.write(o.subarray(0, n))) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    out.end(pendingCr ? Buffer.from([0x0a]) : undefined);
    await done;
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { file: copy, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Load one file the way `kinerja ingest` does: a file with no data row is refused, a Windows-1252
 * export is read as such, and every failure is an IngestError naming the file (no stack trace).
 */
export async function loadOne(wh: Warehouse, source: SourceDefinition, file: string, options: LoadOptions): Promise<LoadResult> {
  const name = options.displayName ?? file;
  try {
    if (isXlsx(file)) return await loadFile(wh, source, file, options);
    if (!fs.existsSync(file)) throw new IngestError(name, "berkas tidak ditemukan");
    if (!csvHasDataRows(file)) throw new IngestError(name, NO_DATA);
    const text = await asUtf8(file);
    try {
      return await loadFile(wh, source, text.file, { ...options, displayName: name });
    } catch (e) {
      // DuckDB's reader gives up on a file whose line endings are mixed (\r alone, \n\r): read a
      // copy with every line ending made \n instead. Nothing was written by the failed attempt.
      if (!(e instanceof Error && /state machine reached an invalid state/i.test(e.message))) throw e;
      const unix = await withUnixLineEndings(text.file);
      try {
        return await loadFile(wh, source, unix.file, { ...options, displayName: name });
      } catch (again) {
        if (again instanceof Error && /state machine reached an invalid state/i.test(again.message))
          throw new IngestError(name, "susunan CSV rusak dan tidak dapat diurai (periksa tanda kutip dan akhir baris; simpan ulang sebagai CSV UTF-8)");
        throw again;
      } finally {
        unix.cleanup();
      }
    } finally {
      text.cleanup();
    }
  } catch (e) {
    throw asIngestError(e, name);
  }
}
