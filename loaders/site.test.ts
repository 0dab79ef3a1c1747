import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Warehouse } from "./warehouse/connection.ts";
import { spawnSync } from "node:child_process";
import type { LoaderInputs } from "../src/data/lib/inputs.ts";
import { awaitPrerun, PRERUN_ENV, prerunPaths } from "../src/data/lib/prerun.ts";
import { buildRecordFile, buildSite, type SiteBuilder, siteMayHaveChanged, siteStamp, warehouseFingerprint } from "./site.ts";
import JSZip from "jszip";
import { moduleGraph, tableDigest } from "./digest.ts";
import { publishOutput } from "./site-prerun.ts";
import { dataCacheDir, invalidateLoaderCaches, loaderDates } from "./site-cache.ts";

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
});

describe("page-data cache per loader", () => {
  // Three declared loaders and one undeclared: a reads mart.t1 (through a helper module), b reads
  // mart.t2, c (an archive) reads mart.t1 and the commentary folder; d is not declared.
  const inputs: Record<string, LoaderInputs> = {
    "a.json.ts": { tables: ["mart.t1"], queries: [] },
    "b.json.ts": { tables: ["mart.t2"], queries: [] },
    "c.zip.ts": { tables: ["mart.t1"], queries: [], folders: ["data/narasi"] },
  };
  const cache = (rel: string) => path.join(dataCacheDir(root), "data", rel);
  /** What Framework would have cached after running every loader. */
  function fillCache() {
    for (const f of ["a.json", "b.json", "c.zip", "c/member.htm", "d.json"]) {
      fs.mkdirSync(path.dirname(cache(f)), { recursive: true });
      fs.writeFileSync(cache(f), "x");
    }
  }
  const cached = () => ["a.json", "b.json", "c.zip", "c/member.htm", "d.json"].filter((f) => fs.existsSync(cache(f)));
  const transformAt = (iso: string) =>
    wh.exec(`INSERT INTO meta.transforms VALUES ((SELECT coalesce(max(run_id), 0) + 1 FROM meta.transforms), '${iso}', '${iso}', 1, 1, NULL)`);

  beforeEach(async () => {
    fs.rmSync(path.join(root, "src", "data", "site.json.ts"));
    write("src/data/a.json.ts", 'import { x } from "./lib/x.ts";\nconsole.log(x);');
    write("src/data/lib/x.ts", "export const x = 1;");
    write("src/data/b.json.ts", "console.log(2);");
    write("src/data/c.zip.ts", "console.log(3);");
    write("src/data/d.json.ts", "console.log(4);");
    write("data/narasi/SETDA/2025-Q4.md", "# Catatan");
    await wh.exec(`CREATE TABLE mart.t1 (k VARCHAR, v DOUBLE); INSERT INTO mart.t1 VALUES ('a', 1.5), ('b', 2.5);
                   CREATE TABLE mart.t2 (k VARCHAR, v DOUBLE); INSERT INTO mart.t2 VALUES ('a', 10);`);
    await transformAt("2026-11-27T10:00:00Z");
  });

  it("follows a loader's relative imports", () => {
    expect(moduleGraph(path.join(root, "src/data/a.json.ts")).map((f) => path.relative(root, f))).toEqual([
      path.join("src", "data", "a.json.ts"),
      path.join("src", "data", "lib", "x.ts"),
    ]);
  });

  it("first build reruns all; with nothing changed only the undeclared loader reruns", async () => {
    fillCache();
    expect((await invalidateLoaderCaches(wh, root, inputs)).rerun).toEqual(["a.json.ts", "b.json.ts", "c.zip.ts", "d.json.ts"]);
    expect(cached()).toEqual([]);
    fillCache();
    const r = await invalidateLoaderCaches(wh, root, inputs);
    expect(r.rerun).toEqual(["d.json.ts"]);
    expect(r.kept).toEqual(["a.json.ts", "b.json.ts", "c.zip.ts"]);
    expect(cached()).toEqual(["a.json", "b.json", "c.zip", "c/member.htm"]);
  });

  it("a changed table reruns exactly the loaders that read it (an archive with its extracted members)", async () => {
    await invalidateLoaderCaches(wh, root, inputs);
    fillCache();
    await wh.exec(`UPDATE mart.t1 SET v = 1.75 WHERE k = 'a'`);
    const r = await invalidateLoaderCaches(wh, root, inputs);
    expect(r.rerun).toEqual(["a.json.ts", "c.zip.ts", "d.json.ts"]);
    expect(cached()).toEqual(["b.json"]);
    fillCache();
    await wh.exec(`INSERT INTO mart.t2 VALUES ('b', 20)`);
    expect((await invalidateLoaderCaches(wh, root, inputs)).rerun).toEqual(["b.json.ts", "d.json.ts"]);
    expect(cached()).toEqual(["a.json", "c.zip", "c/member.htm"]);
  });

  it("a changed imported module or folder reruns the loaders that import or read it", async () => {
    await invalidateLoaderCaches(wh, root, inputs);
    write("src/data/lib/x.ts", "export const x = 2;");
    expect((await invalidateLoaderCaches(wh, root, inputs)).rerun).toEqual(["a.json.ts", "d.json.ts"]);
    write("data/narasi/SETDA/2025-Q4.md", "# Catatan baru");
    expect((await invalidateLoaderCaches(wh, root, inputs)).rerun).toEqual(["c.zip.ts", "d.json.ts"]);
    write("package-lock.json", '{"lockfileVersion": 3}');
    expect((await invalidateLoaderCaches(wh, root, inputs)).rerun).toEqual(["a.json.ts", "b.json.ts", "c.zip.ts", "d.json.ts"]);
  });

  it("a rerun loader is dated by the last transform; a kept one keeps the date of its data", async () => {
    await invalidateLoaderCaches(wh, root, inputs);
    await transformAt("2026-11-28T01:00:00Z");
    await wh.exec(`UPDATE mart.t2 SET v = 11`);
    await invalidateLoaderCaches(wh, root, inputs);
    const dates = loaderDates(root);
    expect(dates["a.json.ts"].diperbarui).toBe("2026-11-27T10:00:00.000Z");
    expect(dates["b.json.ts"].diperbarui).toBe("2026-11-28T01:00:00.000Z");
  });

  it("the table digest ignores row order but sees every row, duplicates included", async () => {
    const digest = () => tableDigest(wh, "mart", "t3");
    await wh.exec(`CREATE TABLE mart.t3 (k INTEGER); INSERT INTO mart.t3 VALUES (1), (2), (3)`);
    const base = await digest();
    await wh.exec(`CREATE OR REPLACE TABLE mart.t3 (k INTEGER); INSERT INTO mart.t3 VALUES (3), (1), (2)`);
    expect(await digest()).toBe(base);
    // {1, 1} and {2, 2}: same count, and an xor of the row hashes would be 0 for both.
    await wh.exec(`CREATE OR REPLACE TABLE mart.t3 (k INTEGER); INSERT INTO mart.t3 VALUES (1), (1)`);
    const ones = await digest();
    await wh.exec(`CREATE OR REPLACE TABLE mart.t3 (k INTEGER); INSERT INTO mart.t3 VALUES (2), (2)`);
    expect(await digest()).not.toBe(ones);
    // Same values, another type.
    await wh.exec(`CREATE OR REPLACE TABLE mart.t3 (k BIGINT); INSERT INTO mart.t3 VALUES (2), (2)`);
    const big = await digest();
    expect(big).not.toBe(ones);
    expect(await tableDigest(wh, "mart", "tidak_ada")).toBe("absent");
  });
});

describe("site build skip", () => {
  // The template as Framework 1.13 writes it (the parts fixHtml corrects).
  const RAW = `<!DOCTYPE html>\n<html>\n<head>\n<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">\n</head>\n<body><input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar"></body>\n</html>\n`;
  let builds = 0;
  let aborts = 0;
  const fakeBuild: SiteBuilder = {
    build: async () => {
      builds++;
      write("next/index.html", RAW);
      write("next/opd/A.html", RAW);
      return path.join(root, "next");
    },
    abort: async () => void aborts++,
  };
  const quiet = () => {};
  beforeEach(() => {
    builds = 0;
    aborts = 0;
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
    expect(await buildSite(root, quiet, "f1", fakeBuild)).toBe("built");
    expect(builds).toBe(1);
    // The template corrections were applied after the build.
    const html = fs.readFileSync(path.join(root, "dist", "index.html"), "utf8");
    expect(html).toContain('<html lang="id">');
    expect(html).not.toContain("maximum-scale");
    expect(html).toMatch(/id="observablehq-sidebar-toggle"[^>]*aria-label="[^"]+"/);
    // A precompressed copy of the corrected page, for hosts that serve .gz files.
    expect(zlib.gunzipSync(fs.readFileSync(path.join(root, "dist", "index.html.gz"))).toString("utf8")).toBe(html);

    expect(await buildSite(root, quiet, "f1", fakeBuild)).toBe("unchanged");
    expect(builds).toBe(1);
    // The builder was told to stand down (a Framework run started early is stopped).
    expect(aborts).toBe(1);
    expect(fs.existsSync(path.join(root, "next"))).toBe(false);
    // New data.
    expect(await buildSite(root, quiet, "f2", fakeBuild)).toBe("built");
    expect(builds).toBe(2);
    // A page edited.
    write("src/index.md", "# Beranda (baru)");
    expect(await buildSite(root, quiet, "f2", fakeBuild)).toBe("built");
    expect(await buildSite(root, quiet, "f2", fakeBuild)).toBe("unchanged");
    expect(builds).toBe(3);
    // dist/ altered: a file removed, or one edited.
    fs.rmSync(path.join(root, "dist", "opd", "A.html"));
    expect(await buildSite(root, quiet, "f2", fakeBuild)).toBe("built");
    fs.appendFileSync(path.join(root, "dist", "index.html"), "<!-- edited -->");
    expect(await buildSite(root, quiet, "f2", fakeBuild)).toBe("built");
    expect(builds).toBe(5);
    // Without a fingerprint there is nothing to compare: always a build.
    expect(await buildSite(root, quiet, undefined, fakeBuild)).toBe("built");
    expect(builds).toBe(6);
  });

  it("a hint that something may have changed: no build yet, or a newer file of data, pages, code or packages", async () => {
    write("data/sample/iku/iku_2025.csv", "a;b\n");
    expect(siteMayHaveChanged(root, ["data/sample"])).toBe(true);
    expect(await buildSite(root, quiet, "f1", fakeBuild)).toBe("built");
    // Everything older than the record of the build.
    const past = new Date(Date.now() - 60_000);
    for (const f of fs.readdirSync(root, { recursive: true }).map(String)) if (!f.includes(".observablehq")) fs.utimesSync(path.join(root, f), past, past);
    expect(siteMayHaveChanged(root, ["data/sample"])).toBe(false);
    for (const f of ["data/sample/iku/iku_2025.csv", "src/index.md", "loaders/models/mart/a.sql", "package-lock.json"]) {
      fs.utimesSync(path.join(root, f), new Date(), new Date(Date.now() + 1000));
      expect(siteMayHaveChanged(root, ["data/sample"]), f).toBe(true);
      fs.utimesSync(path.join(root, f), past, past);
    }
    fs.rmSync(path.join(root, "dist", "index.html"));
    expect(siteMayHaveChanged(root, ["data/sample"])).toBe(true);
  });

  it("a failed build leaves no record, so the next run builds again", async () => {
    expect(await buildSite(root, quiet, "f1", fakeBuild)).toBe("built");
    const site = fs.readFileSync(path.join(root, "dist", "index.html"), "utf8");
    const failing: SiteBuilder = {
      build: async () => {
        write("next/index.html", "half");
        throw new Error("observable build gagal");
      },
      abort: async () => {},
    };
    write("src/index.md", "# changed");
    await expect(buildSite(root, quiet, "f1", failing)).rejects.toThrow("observable build gagal");
    expect(fs.existsSync(buildRecordFile(root))).toBe(false);
    // The last complete site is still served.
    expect(fs.readFileSync(path.join(root, "dist", "index.html"), "utf8")).toBe(site);
    expect(await buildSite(root, quiet, "f1", fakeBuild)).toBe("built");
    expect(builds).toBe(2);
  });
});

describe("a loader run by Framework while kinerja build runs it in the background", () => {
  const env = () => ({ [PRERUN_ENV]: dataCacheDir(root) });
  const paths = () => prerunPaths(dataCacheDir(root), "laporan.zip.ts");

  it("waits for that run and passes its output on", async () => {
    const { output, marker } = paths();
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(marker, String(process.pid));
    const waiting = awaitPrerun("laporan.zip.ts", env());
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    fs.writeFileSync(output, "arsip");
    fs.rmSync(marker);
    expect((await waiting)?.toString()).toBe("arsip");
  });

  it("computes itself when there is no such run, it failed, or its process is gone", async () => {
    const { output, marker } = paths();
    fs.mkdirSync(path.dirname(output), { recursive: true });
    expect(await awaitPrerun("laporan.zip.ts", {})).toBeNull();
    expect(await awaitPrerun("laporan.zip.ts", env())).toBeNull();
    // A marker left by a process that no longer exists (pid of a finished child).
    const child = spawnSync(process.execPath, ["-e", ""]);
    fs.writeFileSync(marker, String(child.pid));
    fs.writeFileSync(output, "arsip lama");
    expect(await awaitPrerun("laporan.zip.ts", env())).toBeNull();
  });
});

describe("the background run's extraction of an archive into Framework's cache", () => {
  it("rewrites the archive and every member, drops old members, but leaves Framework's own temp files where they are", async () => {
    const dir = path.join(dataCacheDir(root), "data", "laporan");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "kota-2025-Q4.htm"), "lama");
    fs.writeFileSync(path.join(dir, "kota-2019-Q1.htm"), "tidak ada lagi di arsip");
    // observable build, waiting for the archive, holds "<member>.<its pid>" open in the same folder.
    const frameworkTemp = path.join(dir, "kota-2025-Q4.htm.424242");
    fs.writeFileSync(frameworkTemp, "");
    const zip = new JSZip();
    zip.file("kota-2025-Q4.htm", "baru");
    zip.file("sub/opd-SETDA-2025-Q4.xlsx", "xlsx");
    await publishOutput(path.join(dataCacheDir(root), "data", "laporan.zip"), await zip.generateAsync({ type: "nodebuffer" }));
    expect(fs.readFileSync(path.join(dir, "kota-2025-Q4.htm"), "utf8")).toBe("baru");
    expect(fs.readFileSync(path.join(dir, "sub", "opd-SETDA-2025-Q4.xlsx"), "utf8")).toBe("xlsx");
    expect(fs.existsSync(path.join(dir, "kota-2019-Q1.htm"))).toBe(false);
    expect(fs.existsSync(frameworkTemp)).toBe(true);
    expect(fs.existsSync(path.join(dataCacheDir(root), "data", "laporan.zip"))).toBe(true);
  });
});
