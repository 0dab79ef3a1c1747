// The `kinerja` command. Parses arguments, wires the real clock, console and files into the
// pipeline, prints a one-screen summary, and maps outcomes to exit codes:
// 0 ok, 1 error, 2 rejected rows above the threshold.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import cliProgress from "cli-progress";
import { Warehouse, withWarehouse } from "./warehouse/connection.ts";
import { acquireWriteLockWaiting, allowReaders } from "./warehouse/lock.ts";
import { projectPaths, rejectedShare, runIngest, runTransform, transformSummary, type Env } from "./pipeline.ts";
import { sourceByName, SOURCES } from "./sources/index.ts";
import { formatStatus, gatherStatus } from "./status.ts";
import { buildSite, serveSite, siteMayHaveChanged, warehouseFingerprint } from "./site.ts";
import { SiteRun } from "./site-run.ts";
import { invalidateLoaderCaches, logInvalidation } from "./site-cache.ts";
import type { LoadResult } from "./ingest/load.ts";
import { addConnectorCommands } from "./connectors/cli.ts";
import { addReportCommand } from "../reports/cli.ts";
import { laporanNarasi } from "./narasi/periksa.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nf = new Intl.NumberFormat("id-ID");

class ExitCode extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

const env: Env = { root: ROOT, now: () => new Date(), log: (l) => console.log(l) };

function parseFraction(v: string): number {
  const n = Number(v.replace(",", "."));
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError("harus antara 0 dan 1, misalnya 0,01 untuk 1%");
  return n;
}

/** `--wait` alone: no limit; `--wait=30`: up to 30 seconds; absent: refuse at once. */
function parseWait(v: string): number {
  if (v === "") return Infinity;
  const n = Number(v.replace(",", "."));
  if (!(n >= 0)) throw new InvalidArgumentError("harus jumlah detik, misalnya --wait=60");
  return n;
}

/**
 * Take the warehouse's write lock for the whole command (Warehouse.open re-enters it), waiting when
 * asked. A stale lock left by a process that died is taken over, and said so on stderr.
 */
async function writeLock(db: string, command: string, wait: number | undefined): Promise<() => void> {
  return acquireWriteLockWaiting(db, command, { waitSeconds: wait ?? 0, log: (l) => console.error(`kinerja: ${l}`) });
}

function summarise(results: LoadResult[]): string {
  const lines = results.map((r) => {
    const head = `${r.status === "unchanged" ? "=" : "+"} ${r.file} [${r.source}]`;
    if (r.status === "unchanged") return `${head}: sudah dimuat (muatan #${r.loadId}), tidak ada perubahan`;
    let s = `${head}: ${nf.format(r.rowsIn)} baris, ${nf.format(r.rowsOk)} diterima, ${nf.format(r.rowsRejected)} ditolak`;
    if (r.rowsReplaced) s += `, ${nf.format(r.rowsReplaced)} baris lama diganti`;
    for (const rule of r.rules.slice(0, 5))
      s += `\n    ditolak: kolom ${rule.kolom ?? "(baris)"}: ${rule.aturan} (${nf.format(rule.jumlah)} baris, mis. baris ${rule.contoh_baris})`;
    if (r.unknownColumns.length) s += `\n    kolom tidak dikenal, diabaikan: ${r.unknownColumns.join(", ")}`;
    if (r.droppedColumns.length) s += `\n    kolom pribadi/teks bebas dibuang di pintu: ${r.droppedColumns.join(", ")}`;
    return s;
  });
  const fresh = results.filter((r) => r.status === "loaded");
  const total = fresh.reduce((a, r) => a + r.rowsIn, 0);
  const rejected = fresh.reduce((a, r) => a + r.rowsRejected, 0);
  lines.push(`Ringkasan: ${results.length} berkas, ${fresh.length} dimuat baru, ${nf.format(total)} baris masuk, ${nf.format(rejected)} ditolak (lihat: kinerja status).`);
  return lines.join("\n");
}

function progress() {
  if (!process.stderr.isTTY) return {};
  const bar = new cliProgress.SingleBar(
    { format: " {file} [{bar}] {percentage}%", stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onFileStart: (file: string, i: number, n: number) => {
      if (started) bar.stop();
      bar.start(100, 0, { file: `(${i + 1}/${n}) ${path.basename(file)}` });
      started = true;
    },
    onProgress: (f: number) => bar.update(Math.round(f * 100)),
    stop: () => started && bar.stop(),
  };
}

async function doIngest(wh: Warehouse, paths: string[], opts: { source?: string; maxRejected: number }): Promise<void> {
  const source = opts.source ? sourceByName(opts.source) : undefined;
  if (opts.source && !source)
    throw new ExitCode(1, `sumber "${opts.source}" tidak dikenal; pilihan: ${SOURCES.map((s) => s.name).join(", ")}`);
  const bar = progress();
  let results: LoadResult[];
  try {
    results = await runIngest(wh, paths, env, { source, onFileStart: bar.onFileStart, onProgress: bar.onProgress });
  } finally {
    bar.stop?.();
  }
  env.log(summarise(results));
  const share = rejectedShare(results);
  if (share > opts.maxRejected)
    throw new ExitCode(
      2,
      `${(share * 100).toLocaleString("id-ID", { maximumFractionDigits: 2 })}% baris ditolak, di atas ambang ${(opts.maxRejected * 100).toLocaleString("id-ID")}% (--max-rejected).`,
    );
}

const WAIT_FLAG = "--wait [detik]";
const WAIT_HELP = "bila gudang data sedang dipakai proses lain: tunggu (tanpa batas, atau --wait=detik) alih-alih berhenti";

export function program(): Command {
  const p = projectPaths(ROOT);
  const cmd = new Command("kinerja")
    .description("Gudang data kinerja ASN dan layanan publik Kota Pariaman")
    .showHelpAfterError()
    .exitOverride();
  const dbOption = (c: Command) => c.option("--db <file>", "berkas gudang data DuckDB", p.defaultDb);

  dbOption(cmd.command("demo").description("buat data contoh sintetis (deterministik)"))
    .option("--out <dir>", "folder keluaran", p.sampleDir)
    .option("--seed <n>", "benih acak", (v) => Number.parseInt(v, 10), 20261127)
    .option("--scale <k>", "pengali jumlah pegawai dan responden", (v) => Number(v), 1)
    .action(async (o) => {
      const { runDemo } = await import("./demo/index.ts");
      await runDemo({ out: path.resolve(o.out), seed: o.seed, scale: o.scale }, { log: env.log });
    });

  dbOption(cmd.command("ingest").description("muat berkas ekspor (folder dipindai; sumber dikenali dari folder atau judul kolom)"))
    .argument("[paths...]", "berkas atau folder", [p.sampleDir])
    .option("--source <name>", `paksa sumber: ${SOURCES.map((s) => s.name).join("|")}`)
    .option("--max-rejected <fraction>", "ambang bagian baris ditolak sebelum keluar dengan kode 2", parseFraction, 0.01)
    .option(WAIT_FLAG, WAIT_HELP, parseWait)
    .action(async (paths: string[], o) => {
      const release = await writeLock(o.db, "kinerja ingest", o.wait);
      try {
        await withWarehouse({ path: o.db, command: "kinerja ingest" }, (wh) => doIngest(wh, paths, { source: o.source, maxRejected: o.maxRejected }));
      } finally {
        release();
      }
    });

  dbOption(cmd.command("transform").description("bangun ulang tabel core.* dan mart.* lalu jalankan uji data"))
    .option("--full", "bangun ulang semua model, juga yang masukannya tidak berubah")
    .option(WAIT_FLAG, WAIT_HELP, parseWait)
    .action(async (o) => {
      const release = await writeLock(o.db, "kinerja transform", o.wait);
      try {
        await withWarehouse({ path: o.db, command: "kinerja transform" }, async (wh) => {
          const r = await runTransform(wh, env, undefined, { full: o.full });
          env.log(transformSummary(r));
        });
      } finally {
        release();
      }
    });

  dbOption(cmd.command("build").description("muat data, transformasi, lalu bangun situs"))
    .option("--data <dir>", "folder ekspor yang dimuat", p.sampleDir)
    .option("--max-rejected <fraction>", "ambang bagian baris ditolak", parseFraction, 0.01)
    .option("--no-site", "lewati pembangunan situs")
    .option("--serve", "sajikan situs di http://localhost:3000 setelah dibangun")
    .option("--port <n>", "port untuk --serve", (v) => Number.parseInt(v, 10), 3000)
    .option(WAIT_FLAG, WAIT_HELP, parseWait)
    .action(async (o) => {
      let rejectedError: ExitCode | undefined;
      let fingerprint = "";
      // The lock is held through the site build too: the data loaders read the warehouse (read-only,
      // allowed once the build has finished writing) and no writer may change it under them.
      const release = await writeLock(o.db, "kinerja build", o.wait);
      // Framework starts at once, beside the ingest and the transform, with every cached page data
      // held back until the build knows which is still right (loaders/site-run.ts).
      const site = o.site ? SiteRun.hold(ROOT, o.db, env.log) : null;
      try {
        // Not when nothing is newer than the last build: the site is then most likely unchanged.
        if (site && siteMayHaveChanged(ROOT, [o.data])) site.start();
        await withWarehouse({ path: o.db, command: "kinerja build" }, async (wh) => {
          try {
            await doIngest(wh, [o.data], { maxRejected: o.maxRejected });
          } catch (e) {
            if (!(e instanceof ExitCode && e.code === 2)) throw e;
            rejectedError = e;
          }
          const r = await runTransform(wh, env, undefined, { skipWhenUnchanged: true });
          if (!r.skipped) env.log(transformSummary(r));
          fingerprint = await warehouseFingerprint(wh, ROOT);
          if (site) logInvalidation(await invalidateLoaderCaches(wh, ROOT, undefined, site.heldCache), env.log);
          env.log(await laporanNarasi(wh, path.join(ROOT, "data", "narasi")));
        });
        if (site) {
          allowReaders(o.db);
          await buildSite(ROOT, env.log, fingerprint, site);
        }
      } finally {
        // Nothing to do after a finished build; after a failure: stop Framework, restore the cache.
        await site?.abort();
        release();
      }
      if (rejectedError) env.log(`Peringatan: ${rejectedError.message}`);
      if (o.serve) {
        await serveSite(ROOT, o.port, env.log);
        await new Promise(() => {});
      }
      if (rejectedError) throw rejectedError;
    });

  dbOption(cmd.command("export").description("tulis tabel core.* dan mart.* sebagai Parquet berpartisi Hive (kode_wilayah, tahun)"))
    .requiredOption("--parquet <dir>", "folder keluaran Parquet")
    .action(async (o) => {
      const { exportParquet } = await import("./export/export.ts");
      await withWarehouse({ path: o.db, readOnly: true }, async (wh) => {
        const r = await exportParquet(wh, o.parquet);
        for (const t of r.tables) env.log(`${t.table}: ${nf.format(t.rows)} baris, ${t.files} berkas`);
        env.log(`Parquet ditulis di ${r.dir} (kode_wilayah=${r.kodeWilayah}/tahun=...).`);
      });
    });

  dbOption(cmd.command("status").description("buku muatan, jumlah baris, baris ditolak per aturan, kesegaran data"))
    .option("--json", "keluaran JSON")
    .action(async (o) => {
      await withWarehouse({ path: o.db, readOnly: true }, async (wh) => {
        const s = await gatherStatus(wh);
        env.log(o.json ? JSON.stringify(s, null, 2) : formatStatus(s));
        if (s.integrity.length) throw new ExitCode(1, "integritas gudang data bermasalah (lihat di atas)");
      });
    });
  addConnectorCommands(cmd, env, p.defaultDb);
  addReportCommand(cmd, env, p.defaultDb);
  return cmd;
}

export async function main(argv: string[]): Promise<number> {
  try {
    // A bare `--wait` must not swallow the next argument (a path) as its value.
    await program().parseAsync(argv.map((a) => (a === "--wait" ? "--wait=" : a)), { from: "user" });
    return 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (typeof err.code === "string" && err.code.startsWith("commander.")) return err.exitCode === 0 ? 0 : 1;
    if (e instanceof ExitCode) {
      console.error(`kinerja: ${e.message}`);
      return e.code;
    }
    // Expected failures carry a message naming file, row, column and rule: no stack trace.
    console.error(`kinerja: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.KINERJA_DEBUG && e instanceof Error) console.error(e.stack);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
