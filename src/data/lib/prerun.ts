// `kinerja build` runs the data loaders whose page data is missing itself, before and beside
// `observable build` (loaders/site-prerun.ts), writing into Framework's cache. A loader it runs in
// the background is marked by "<output>.prerun" (holding the pid of that run); if Framework asks for
// that loader meanwhile, the loader waits for the background run and passes its output on instead
// of computing it a second time. Only set for the Framework process of a build, never in dev.
import fs from "node:fs";
import path from "node:path";

/** Framework's cache folder, set by kinerja build in the environment of `observable build`. */
export const PRERUN_ENV = "KINERJA_PRERUN_CACHE";

/** The cached output of a loader (e.g. "laporan.zip.ts" → <cache>/data/laporan.zip) and its marker. */
export function prerunPaths(cacheDir: string, loader: string): { output: string; marker: string } {
  const output = path.join(cacheDir, "data", loader.replace(/\.ts$/, ""));
  return { output, marker: `${output}.prerun` };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * In a loader run by Framework: the output of the background run of the same loader, once it has
 * finished; null when there is none (or it failed, or its process is gone): compute as usual.
 */
export async function awaitPrerun(loader: string, env = process.env): Promise<Buffer | null> {
  const dir = env[PRERUN_ENV];
  if (!dir) return null;
  const { output, marker } = prerunPaths(dir, loader);
  for (;;) {
    let pid: number;
    try {
      pid = Number(fs.readFileSync(marker, "utf8"));
    } catch {
      break;
    }
    if (!alive(pid)) return null;
    await new Promise((r) => setTimeout(r, 100));
  }
  return fs.existsSync(output) ? fs.readFileSync(output) : null;
}
