// Shared helpers of the benchmarks: child processes with timing, machine facts, a text table.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BENCH_DATA = path.join(ROOT, "bench-data");
export const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

export interface ChildResult {
  code: number;
  seconds: number;
  stdout: string;
  stderr: string;
  /** Each output line with the seconds since start at which it arrived (where the time goes). */
  lines: { t: number; line: string }[];
}

/** Run a command; wall time in seconds. Output is kept (and echoed when `echo`). */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; echo?: boolean } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const lines: ChildResult["lines"] = [];
    const mark = (d: Buffer) => {
      const t = +((performance.now() - t0) / 1000).toFixed(2);
      for (const line of String(d).split("\n")) if (line.trim()) lines.push({ t, line: line.slice(0, 200) });
    };
    child.stdout.on("data", (d) => {
      mark(d);
      stdout += d;
      if (opts.echo) process.stderr.write(d);
    });
    child.stderr.on("data", (d) => {
      mark(d);
      stderr += d;
      if (opts.echo) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, seconds: (performance.now() - t0) / 1000, stdout, stderr, lines }));
  });
}

/** Run a bench child script (tsx) that prints its result as JSON on its last stdout line. */
export async function runJsonChild<T>(script: string, args: string[]): Promise<T> {
  const r = await run(TSX, [path.join(ROOT, "bench", script), ...args]);
  if (r.code !== 0) throw new Error(`${script} ${args.join(" ")} failed (${r.code}):\n${r.stderr.slice(-3000)}${r.stdout.slice(-2000)}`);
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as T;
}

export function machine() {
  const cpu = (fs.readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? os.cpus()[0]?.model;
  return {
    nproc: os.availableParallelism(),
    cpu,
    memTotalGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    memFreeGiB: +(os.freemem() / 2 ** 30).toFixed(1),
    loadavg: os.loadavg().map((x) => +x.toFixed(2)),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

/** Plain text table, right-aligned numbers. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => "| " + r.map((c, i) => (/^[-+]?[\d.,]+( ?[a-zA-Z%]+)?$/.test(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ") + " |";
  return [line(cells[0]), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...cells.slice(1).map(line)].join("\n");
}

export const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
