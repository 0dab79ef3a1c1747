// NIP becomes a keyed pseudonym (HMAC-SHA256 with a local secret) before any row is stored. The HMAC
// is computed inside DuckDB, set-based, from the standard construction
//   HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m))
// and checked against node:crypto in the tests. The secret lives in a local file that is never
// committed; losing it means new pseudonyms (see README, "Rahasia pseudonim").
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const PSEUDONYM_HEX_LENGTH = 24;

export function loadOrCreateSecret(file: string): Buffer {
  if (process.env.KINERJA_SECRET) return Buffer.from(process.env.KINERJA_SECRET, "hex");
  if (fs.existsSync(file)) {
    const hex = fs.readFileSync(file, "utf8").trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file}: rahasia pseudonim harus 64 karakter heksadesimal`);
    return Buffer.from(hex, "hex");
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, secret.toString("hex") + "\n", { mode: 0o600 });
  fs.renameSync(tmp, file);
  return secret;
}

/** The reference implementation, in JavaScript. */
export function pseudonym(secret: Buffer, value: string): string {
  return "P" + crypto.createHmac("sha256", secret).update(value, "utf8").digest("hex").slice(0, PSEUDONYM_HEX_LENGTH);
}

/** A TEMP macro (never persisted in the warehouse file) computing the same pseudonym in SQL. */
export function pseudonymMacroSql(secret: Buffer): string {
  if (secret.length > 64) throw new Error("secret longer than the SHA-256 block");
  const key = Buffer.alloc(64);
  secret.copy(key);
  const ipad = Buffer.from(key.map((b) => b ^ 0x36)).toString("hex");
  const opad = Buffer.from(key.map((b) => b ^ 0x5c)).toString("hex");
  return `CREATE OR REPLACE TEMP MACRO kp_pseudonym(v) AS CASE WHEN v IS NULL THEN NULL ELSE
    'P' || left(sha256(unhex('${opad}') || unhex(sha256(unhex('${ipad}') || encode(v)))), ${PSEUDONYM_HEX_LENGTH}) END;`;
}
