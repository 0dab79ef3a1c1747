// `kinerja report`: quarterly and annual report packs (PDF, XLSX, HTML) built from the marts.
// Filled in by the report-pack work (issue 8); registered here so the CLI has one seam for it.
import type { Command } from "commander";

interface CliEnv {
  root: string;
  now: () => Date;
  log: (line: string) => void;
}

export function addReportCommand(cmd: Command, _env: CliEnv, defaultDb: string): void {
  cmd
    .command("report")
    .description("buat paket laporan triwulanan/tahunan (PDF, XLSX, HTML)")
    .requiredOption("--periode <periode>", "2025-Q3 (triwulan) atau 2025 (tahunan)")
    .option("--db <file>", "berkas gudang data DuckDB", defaultDb)
    .action(() => {
      throw new Error("kinerja report belum tersedia");
    });
}
