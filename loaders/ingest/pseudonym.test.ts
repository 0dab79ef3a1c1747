// The SQL HMAC macro equals node:crypto's HMAC-SHA256; secrets are created once, 0600, and reused.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Warehouse } from "../warehouse/connection.ts";
import { literal } from "./sql.ts";
import { loadOrCreateSecret, pseudonym, pseudonymMacroSql } from "./pseudonym.ts";
import { tempDir } from "../../test/helpers.ts";

const VALUES = [
  "",
  "a",
  "198501012010011002",
  "199912312022212001",
  "Siti Nurhaliza",
  "Ñandú çà et là",
  "Nagari Pariaman – Minangkabau",
  "日本語テキスト",
  "emoji 😀 and 👩‍👩‍👧",
  "x".repeat(55),
  "y".repeat(64),
  "z".repeat(200),
  "quote ' and \" and \\ backslash",
];

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open({ path: ":memory:" });
});
afterAll(() => wh?.close());
afterEach(() => vi.unstubAllEnvs());

/** HMAC-SHA256 as node:crypto computes it, shortened the way pseudonyms are. */
const expected = (secret: Buffer, v: string) =>
  "P" + crypto.createHmac("sha256", secret).update(Buffer.from(v, "utf8")).digest("hex").slice(0, 24);

async function sqlPseudonyms(secret: Buffer, values: string[]): Promise<string[]> {
  await wh.exec(pseudonymMacroSql(secret));
  const rows = await wh.query<{ i: number; p: string }>(
    `SELECT i, kp_pseudonym(v) AS p FROM (VALUES ${values.map((v, i) => `(${i}, ${literal(v)})`).join(", ")}) t(i, v) ORDER BY i`,
  );
  return rows.map((r) => r.p);
}

describe("kp_pseudonym (SQL) = HMAC-SHA256 (node:crypto)", () => {
  const secrets = [
    crypto.createHash("sha256").update("one").digest(),
    Buffer.from("short key"),
    Buffer.alloc(64, 0xab), // exactly one SHA-256 block
    crypto.randomBytes(32),
  ];
  it.each(secrets.map((s, i) => [i, s] as const))("secret #%i", async (_i, secret) => {
    const sql = await sqlPseudonyms(secret, VALUES);
    expect(sql).toEqual(VALUES.map((v) => expected(secret, v)));
    expect(VALUES.map((v) => pseudonym(secret, v))).toEqual(sql);
  });

  it("NULL stays NULL", async () => {
    await wh.exec(pseudonymMacroSql(secrets[0]));
    expect((await wh.one<{ p: unknown }>(`SELECT kp_pseudonym(NULL::VARCHAR) AS p`)).p).toBeNull();
  });

  it("different secrets give different pseudonyms for the same NIP", async () => {
    const [a] = await sqlPseudonyms(secrets[0], ["198501012010011002"]);
    const [b] = await sqlPseudonyms(secrets[3], ["198501012010011002"]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^P[0-9a-f]{24}$/);
  });

  it("refuses a key longer than one block", () => {
    expect(() => pseudonymMacroSql(Buffer.alloc(65))).toThrow();
  });
});

describe("loadOrCreateSecret", () => {
  it("creates a 0600 file of 64 hex characters once, then reuses it", () => {
    vi.stubEnv("KINERJA_SECRET", "");
    delete process.env.KINERJA_SECRET;
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, "nested", ".secret");
      const first = loadOrCreateSecret(file);
      expect(first.length).toBe(32);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(file, "utf8").trim()).toBe(first.toString("hex"));
      const mtime = fs.statSync(file).mtimeMs;
      const second = loadOrCreateSecret(file);
      expect(second.equals(first)).toBe(true);
      expect(fs.statSync(file).mtimeMs).toBe(mtime);
      expect(fs.readdirSync(path.dirname(file))).toEqual([".secret"]); // no temp file left behind
    } finally {
      cleanup();
    }
  });

  it("rejects a malformed secret file", () => {
    vi.stubEnv("KINERJA_SECRET", "");
    delete process.env.KINERJA_SECRET;
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, ".secret");
      fs.writeFileSync(file, "not hex\n");
      expect(() => loadOrCreateSecret(file)).toThrow(/64 karakter heksadesimal/);
    } finally {
      cleanup();
    }
  });

  it("KINERJA_SECRET overrides the file", () => {
    const hex = "ab".repeat(32);
    vi.stubEnv("KINERJA_SECRET", hex);
    const { dir, cleanup } = tempDir();
    try {
      expect(loadOrCreateSecret(path.join(dir, ".secret")).toString("hex")).toBe(hex);
      expect(fs.existsSync(path.join(dir, ".secret"))).toBe(false);
    } finally {
      cleanup();
    }
  });
});
