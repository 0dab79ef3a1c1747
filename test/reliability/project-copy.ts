// A private copy of the project in a temp folder (tracked sources, reference data, config;
// node_modules linked), so a test can run the real `kinerja build` with its own warehouse, Framework cache and
// dist/ without touching the repository's. data/sample, warehouses and secrets are not copied.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { ROOT } from "../helpers.ts";

const SKIP = /^(bench|bench-data|dist|artifacts|coverage|test|data\/sample|data\/raw)\/|(^|\/)\.observablehq\/|\.duckdb(\.wal|\.lock)?$|(^|\/)\.secret$/;

/**
 * Copy the files git tracks (not other people's untracked work in progress), minus tests, demo
 * data and build output; link node_modules.
 */
export function copyProject(dest: string): void {
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const rel of tracked) {
    if (SKIP.test(rel)) continue;
    const from = path.join(ROOT, rel);
    if (!fs.existsSync(from)) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(dest, rel));
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dest, "node_modules"));
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Start the copy's own `kinerja` (bin/kinerja.js) with `args`, in the copy. */
export function startCli(project: string, args: string[], env: NodeJS.ProcessEnv): { pid: number; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [path.join(project, "bin", "kinerja.js"), ...args], {
    cwd: project,
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1", KINERJA_DEBUG: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return { pid: child.pid!, done };
}

/** Every file of a folder as text (zip archives, .xlsx too when asked: each member, named `archive!member`). */
export async function filesAsText(dir: string, zips: string[] = [".zip"]): Promise<{ name: string; text: string }[]> {
  const out: { name: string; text: string }[] = [];
  for (const f of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const full = path.join(dir, f);
    if (!fs.statSync(full).isFile()) continue;
    const buf = fs.readFileSync(full);
    if (zips.some((z) => f.endsWith(z))) {
      const zip = await JSZip.loadAsync(buf);
      for (const [name, entry] of Object.entries(zip.files)) if (!entry.dir) out.push({ name: `${f}!${name}`, text: await entry.async("string") });
    } else out.push({ name: f, text: buf.toString("utf8") });
  }
  return out;
}
