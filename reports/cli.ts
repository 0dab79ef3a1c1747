// `kinerja report`: quarterly and annual report packs (PDF, XLSX, HTML) built from the marts.
import path from "node:path";
import type { Command } from "commander";
import { withWarehouse } from "../loaders/warehouse/connection.ts";
import { LaporanError } from "./data.ts";
import { buatLaporan, parseFormats, type Format } from "./run.ts";

interface CliEnv {
  root: string;
  now: () => Date;
  log: (line: string) => void;
}

/** Today's date in WIB as yyyy-mm-dd. */
export function hariIniWib(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

function parseTanggal(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v)
    throw new LaporanError(`--tanggal "${v}" bukan tanggal yyyy-mm-dd`);
  return v;
}

export function addReportCommand(cmd: Command, env: CliEnv, defaultDb: string): void {
  cmd
    .command("report")
    .description("buat paket laporan triwulanan/tahunan (PDF, XLSX, HTML) dari mart")
    .requiredOption("--periode <periode>", "2025-Q3 (triwulan) atau 2025 (tahunan, LKjIP per OPD)")
    .option("--opd <kode>", "hanya paket satu OPD (kode_opd dari data/reference/opd.csv)")
    .option("--format <daftar>", "pdf,xlsx,html", "pdf,xlsx,html")
    .option("--out <dir>", "folder keluaran (satu subfolder per periode)", path.join(env.root, "artifacts", "laporan"))
    .option("--final", "tandai final (tanpa tanda DRAF)", false)
    .option("--tanggal <yyyy-mm-dd>", "tanggal paket di blok tanda tangan (bawaan: hari ini, WIB)")
    .option("--db <file>", "berkas gudang data DuckDB", defaultDb)
    .action(async (o: { periode: string; opd?: string; format: string; out: string; final: boolean; tanggal?: string; db: string }) => {
      const formats: Format[] = parseFormats(o.format);
      const tanggal = o.tanggal ? parseTanggal(o.tanggal) : hariIniWib(env.now());
      const hasil = await withWarehouse({ path: o.db, readOnly: true }, (wh) =>
        buatLaporan(wh, { periode: o.periode, opd: o.opd, formats, out: path.resolve(o.out), final: o.final, tanggal, root: env.root, log: env.log }),
      );
      env.log(
        `${hasil.paket} paket ${o.final ? "final" : "DRAF"} ${o.periode}: ${hasil.berkas.length} berkas di ${path.join(path.resolve(o.out), o.periode)}` +
          (hasil.pdfDilewati ? " (tanpa PDF)" : ""),
      );
    });
}
