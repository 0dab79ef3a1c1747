// Precompressed copies of dist/'s text files (`<file>.gz`, gzip level 9), written after the build.
// A static host that serves them (nginx gzip_static, sirv `gzip: true`, most CDNs) sends the page
// data and scripts at a fraction of their size without compressing on every request.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const TEXT = /\.(html|js|css|json|csv|svg|txt|md)$/i;

/** Write `<file>.gz` next to every text file under `dir` that compresses; returns how many. */
export function precompressDist(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const rel of fs.readdirSync(dir, { recursive: true }).map(String)) {
    const file = path.join(dir, rel);
    if (!TEXT.test(rel) || !fs.statSync(file).isFile()) continue;
    const body = fs.readFileSync(file);
    const gz = zlib.gzipSync(body, { level: 9 });
    if (gz.length >= body.length) continue;
    const tmp = `${file}.gz.${process.pid}.tmp`;
    fs.writeFileSync(tmp, gz);
    fs.renameSync(tmp, `${file}.gz`);
    n++;
  }
  return n;
}
