// `kinerja fetch bps|ckan`: the API connectors on the command line. Fetching saves the response
// under data/raw/<source>/ and loads it; --from-file loads a saved response offline (no network).
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { Warehouse, withWarehouse } from "../warehouse/connection.ts";
import { fetchBps, loadBpsFile, readBpsMapping } from "./bps/index.ts";
import { fetchCkan, loadCkanFile, readCkanSources } from "./ckan/index.ts";
import type { ApiLoadResult } from "./land.ts";

interface CliEnv {
  root: string;
  now: () => Date;
  log: (line: string) => void;
}

const nf = new Intl.NumberFormat("id-ID");

export function parseYears(v: string): number[] {
  const m = /^(\d{4})(?:\s*[-:]\s*(\d{4}))?$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError("tulis tahun seperti 2024 atau rentang 2021-2025");
  const a = Number(m[1]), b = Number(m[2] ?? m[1]);
  if (b < a || b - a > 50) throw new InvalidArgumentError("rentang tahun tidak sah");
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

export function summariseApi(r: ApiLoadResult): string {
  if (r.status === "unchanged") return `= ${r.file} [${r.source}]: sudah dimuat (muatan #${r.loadId}), tidak ada perubahan`;
  let s = `+ ${r.file} [${r.source}]: ${nf.format(r.rowsIn)} nilai, ${nf.format(r.rowsOk)} diterima, ${nf.format(r.rowsRejected)} ditolak`;
  if (r.rowsReplaced) s += `, ${nf.format(r.rowsReplaced)} nilai lama diganti`;
  for (const rule of r.rules.slice(0, 5)) s += `\n    ditolak: kolom ${rule.kolom ?? "(baris)"}: ${rule.aturan} (${nf.format(rule.jumlah)} nilai, mis. baris ${rule.contoh_baris})`;
  return s;
}

export function addConnectorCommands(cmd: Command, env: CliEnv, defaultDb: string): void {
  const referenceDir = path.join(env.root, "data", "reference");
  const cenv = { ...env, referenceDir };
  const fetch = cmd.command("fetch").description("ambil data dari API (BPS WebAPI, portal Satu Data CKAN) lalu muat; jalankan transform sesudahnya");

  fetch
    .command("bps")
    .description(`APS dan indikator lain dari BPS WebAPI (domain 1377), dipetakan oleh data/reference/bps_indikator.csv; kunci di BPS_API_KEY`)
    .option("--db <file>", "berkas gudang data DuckDB", defaultDb)
    .option("--var <n>", "variabel BPS (bawaan: semua di bps_indikator.csv)", (v) => Number.parseInt(v, 10))
    .option("--tahun <a-b>", "tahun atau rentang tahun", parseYears, parseYears("2021-2025"))
    .option("--base-url <url>", "URL dasar WebAPI (bawaan: BPS_API_BASE atau https://webapi.bps.go.id/v1/api)")
    .option("--from-file <files...>", "muat berkas jawaban yang tersimpan (tanpa jaringan)")
    .action(async (o) => {
      await withWarehouse({ path: o.db, command: "kinerja fetch bps" }, async (wh) => {
        if (o.fromFile) {
          for (const f of o.fromFile as string[]) env.log(summariseApi(await loadBpsFile(wh, f, cenv)));
          return;
        }
        const vars: number[] = o.var ? [o.var] : [...new Set(readBpsMapping(path.join(referenceDir, "bps_indikator.csv")).map((m) => m.var))];
        for (const v of vars) env.log(summariseApi(await fetchBps(wh, { var: v, years: o.tahun, baseUrl: o.baseUrl }, cenv)));
      });
      env.log("Jalankan `kinerja transform` agar nilai masuk ke core.iku_realisasi dan mart.");
    });

  fetch
    .command("ckan")
    .description("sumber datastore_search CKAN di data/reference/ckan_sumber.csv (token opsional di CKAN_API_TOKEN)")
    .option("--db <file>", "berkas gudang data DuckDB", defaultDb)
    .option("--resource <id>", "hanya resource_id ini")
    .option("--base-url <url>", "ganti URL portal (cermin/uji)")
    .option("--from-file <files...>", "muat berkas jawaban yang tersimpan (tanpa jaringan)")
    .action(async (o) => {
      await withWarehouse({ path: o.db, command: "kinerja fetch ckan" }, async (wh) => {
        if (o.fromFile) {
          for (const f of o.fromFile as string[]) env.log(summariseApi(await loadCkanFile(wh, f, cenv)));
          return;
        }
        const sources = readCkanSources(path.join(referenceDir, "ckan_sumber.csv")).filter((s) => !o.resource || s.resource_id === o.resource);
        if (sources.length === 0) throw new Error(`resource_id ${o.resource} tidak ada di data/reference/ckan_sumber.csv`);
        for (const s of sources) env.log(summariseApi(await fetchCkan(wh, { source: s, baseUrl: o.baseUrl }, cenv)));
      });
      env.log("Jalankan `kinerja transform` agar nilai masuk ke core.iku_realisasi dan mart.");
    });
}
