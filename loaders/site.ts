// Build and serve the Observable Framework site. Framework reruns a data loader only when its
// cached output is missing, so the cache of page data is cleared whenever the warehouse has changed
// since the last build: the site never publishes stale numbers, and an unchanged build stays fast.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import sirv from "sirv";
import type { Warehouse } from "./warehouse/connection.ts";

/**
 * What the page data is a function of: the live loads of the ledger, the SQL models, the reference
 * data, the commentary files (data/narasi) and the data loaders themselves (Framework's build does not rerun an edited loader whose cached
 * output exists). A rebuild with none of them changed keeps the cache.
 */
export async function warehouseFingerprint(wh: Warehouse, root: string): Promise<string> {
  const r = await wh.one<{ loads: string | null }>(
    `SELECT string_agg(load_id || ':' || status, ',' ORDER BY load_id) AS loads FROM meta.loads`,
  );
  const hash = crypto.createHash("sha256");
  hash.update(path.resolve(wh.path)).update(r.loads ?? "");
  for (const dir of [path.join(root, "loaders", "models"), path.join(root, "data", "reference"), path.join(root, "src", "data"), path.join(root, "data", "narasi"), path.join(root, "loaders", "narasi"), path.join(root, "loaders", "revisions")]) {
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
      const full = path.join(dir, file);
      if (/\.(sql|csv|ts|js|md)$/.test(file) && fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
    }
  }
  return hash.digest("hex");
}

export function dataCacheDir(root: string): string {
  return path.join(root, "src", ".observablehq", "cache");
}

/** Remove cached page data when the warehouse fingerprint differs from the one the cache was built from. */
export function invalidateStaleCache(root: string, fingerprint: string): boolean {
  const cache = dataCacheDir(root);
  const stamp = path.join(cache, ".warehouse-fingerprint");
  const previous = fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8") : null;
  if (previous === fingerprint) return false;
  fs.rmSync(path.join(cache, "data"), { recursive: true, force: true });
  fs.mkdirSync(cache, { recursive: true });
  const tmp = `${stamp}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, fingerprint);
  fs.renameSync(tmp, stamp);
  return true;
}

export async function buildSite(root: string, dbPath: string, log: (line: string) => void): Promise<void> {
  const bin = path.join(root, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "build"], {
      cwd: root,
      env: { ...process.env, KINERJA_DB: path.resolve(dbPath), OBSERVABLE_TELEMETRY_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) {
        log("Situs dibangun di dist/.");
        resolve();
      } else reject(new Error(`observable build gagal (kode ${code}):\n${output.split("\n").slice(-30).join("\n")}`));
    });
  });
}

export function serveSite(root: string, port: number, log: (line: string) => void): http.Server {
  const handler = sirv(path.join(root, "dist"), { dev: false, etag: true, extensions: ["html"] });
  const server = http.createServer((req, res) => handler(req, res, () => {
    res.statusCode = 404;
    res.end("Halaman tidak ditemukan");
  }));
  server.listen(port, "127.0.0.1", () => log(`Situs tersedia di http://localhost:${port}/  (Ctrl+C untuk berhenti)`));
  return server;
}
