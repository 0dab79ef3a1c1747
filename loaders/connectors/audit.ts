// Keep every API response for audit: written under data/raw/<source>/ (git-ignored) to a temp name
// and renamed into place, so a crash never leaves a half-written file under the final name.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function sha256(text: string | Buffer): string {
  return crypto.createHash("sha256").update(text).digest("hex");
}

/** `2026-11-27T19-01-02Z`: sortable, safe in file names. */
export function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
}

export function saveResponse(dir: string, name: string, text: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, name);
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, text, "utf8");
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return target;
}
