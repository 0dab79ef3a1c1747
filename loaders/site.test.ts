import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Warehouse } from "./warehouse/connection.ts";
import { buildRecordFile, buildSite, dataCacheDir, invalidateStaleCache, siteStamp, warehouseFingerprint } from "./site.ts";

let root: string;
let wh: Warehouse;

function write(rel: string, text: string) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kinerja-site-"));
  write("loaders/models/mart/a.sql", "SELECT 1");
  write("data/reference/opd.csv", "kode_opd\nA\n");
  write("src/data/site.json.ts", "export {}");
  wh = await Warehouse.open({ path: ":memory:" });
});
afterEach(() => {
  wh.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("page-data cache fingerprint", () => {
  it("is stable when nothing changed, and changes with a load, a model, reference data or a data loader", async () => {
    const base = await warehouseFingerprint(wh, root);
    expect(await warehouseFingerprint(wh, root)).toBe(base);
    const seen = new Set([base]);
    const changes: (() => Promise<void> | void)[] = [
      () => write("src/data/site.json.ts", "export const x = 1;"),
      () => write("loaders/models/mart/a.sql", "SELECT 2"),
      () => write("data/reference/opd.csv", "kode_opd\nB\n"),
      async () => {
        await wh.exec(`INSERT INTO meta.loads VALUES (1, 'skm', 'f.csv', 'h', 1, 1, 0, 0, NULL, 'loaded', now(), now())`);
      },
    ];
    for (const change of changes) {
      await change();
      const f = await warehouseFingerprint(wh, root);
      expect(seen.has(f)).toBe(false);
      seen.add(f);
    }
  });

  it("clears cached page data only when the fingerprint differs", () => {
    const cached = path.join(dataCacheDir(root), "data", "site.json");
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.writeFileSync(cached, "{}");
    expect(invalidateStaleCache(root, "one")).toBe(true);
    expect(fs.existsSync(cached)).toBe(false);
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.writeFileSync(cached, "{}");
    expect(invalidateStaleCache(root, "one")).toBe(false);
    expect(fs.existsSync(cached)).toBe(true);
    expect(invalidateStaleCache(root, "two")).toBe(true);
    expect(fs.existsSync(cached)).toBe(false);
  });
});

describe("site build skip", () => {
  // The template as Framework 1.13 writes it (the parts fixHtml corrects).
  const RAW = `<!DOCTYPE html>\n<html>\n<head>\n<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">\n</head>\n<body><input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar"></body>\n</html>\n`;
  let builds = 0;
  const fakeBuild = async (r: string) => {
    builds++;
    fs.rmSync(path.join(r, "dist"), { recursive: true, force: true });
    write("dist/index.html", RAW);
    write("dist/opd/A.html", RAW);
  };
  const quiet = () => {};
  beforeEach(() => {
    builds = 0;
    write("src/index.md", "# Beranda");
    write("src/components/ui.ts", "export const a = 1;");
    write("observablehq.config.ts", "export default {};");
    write("package-lock.json", "{}");
  });

  it("the stamp changes with the data fingerprint, a page, a component, loader code, the config and the packages", () => {
    const base = siteStamp(root, "f1");
    expect(siteStamp(root, "f1")).toBe(base);
    const seen = new Set([base]);
    expect(seen.has(siteStamp(root, "f2"))).toBe(false);
    seen.add(siteStamp(root, "f2"));
    for (const [file, text] of [
      ["src/index.md", "# Beranda baru"],
      ["src/components/ui.ts", "export const a = 2;"],
      ["src/opd/[kode].md", "# OPD"],
      ["loaders/analytics/x.ts", "export const b = 1;"],
      ["observablehq.config.ts", "export default { title: 'x' };"],
      ["package-lock.json", '{"v":2}'],
      ["package.json", "{}"],
    ]) {
      write(file, text);
      const s = siteStamp(root, "f1");
      expect(seen.has(s), file).toBe(false);
      seen.add(s);
    }
  });

  it("ignores Framework's cache, dotfiles and test files", () => {
    const base = siteStamp(root, "f1");
    write("src/.observablehq/cache/data/site.json", "{}");
    write("loaders/models/a.test.ts", "it()");
    write("src/.DS_Store", "x");
    expect(siteStamp(root, "f1")).toBe(base);
  });

  it("builds, then skips while nothing changed and dist/ is intact; rebuilds on any change", async () => {
    expect(await buildSite(root, "w.duckdb", quiet, "f1", fakeBuild)).toBe("built");
    expect(builds).toBe(1);
    // The template corrections were applied after the build.
    const html = fs.readFileSync(path.join(root, "dist", "index.html"), "utf8");
    expect(html).toContain('<html lang="id">');
    expect(html).not.toContain("maximum-scale");
    expect(html).toMatch(/id="observablehq-sidebar-toggle"[^>]*aria-label="[^"]+"/);
    // A precompressed copy of the corrected page, for hosts that serve .gz files.
    expect(zlib.gunzipSync(fs.readFileSync(path.join(root, "dist", "index.html.gz"))).toString("utf8")).toBe(html);

    expect(await buildSite(root, "w.duckdb", quiet, "f1", fakeBuild)).toBe("unchanged");
    expect(builds).toBe(1);
    // New data.
    expect(await buildSite(root, "w.duckdb", quiet, "f2", fakeBuild)).toBe("built");
    expect(builds).toBe(2);
    // A page edited.
    write("src/index.md", "# Beranda (baru)");
    expect(await buildSite(root, "w.duckdb", quiet, "f2", fakeBuild)).toBe("built");
    expect(await buildSite(root, "w.duckdb", quiet, "f2", fakeBuild)).toBe("unchanged");
    expect(builds).toBe(3);
    // dist/ altered: a file removed, or one edited.
    fs.rmSync(path.join(root, "dist", "opd", "A.html"));
    expect(await buildSite(root, "w.duckdb", quiet, "f2", fakeBuild)).toBe("built");
    fs.appendFileSync(path.join(root, "dist", "index.html"), "<!-- edited -->");
    expect(await buildSite(root, "w.duckdb", quiet, "f2", fakeBuild)).toBe("built");
    expect(builds).toBe(5);
    // Without a fingerprint there is nothing to compare: always a build.
    expect(await buildSite(root, "w.duckdb", quiet, undefined, fakeBuild)).toBe("built");
    expect(builds).toBe(6);
  });

  it("a failed build leaves no record, so the next run builds again", async () => {
    expect(await buildSite(root, "w.duckdb", quiet, "f1", fakeBuild)).toBe("built");
    const failing = async () => {
      throw new Error("observable build gagal");
    };
    write("src/index.md", "# changed");
    await expect(buildSite(root, "w.duckdb", quiet, "f1", failing)).rejects.toThrow("observable build gagal");
    expect(fs.existsSync(buildRecordFile(root))).toBe(false);
    expect(await buildSite(root, "w.duckdb", quiet, "f1", fakeBuild)).toBe("built");
    expect(builds).toBe(2);
  });
});
