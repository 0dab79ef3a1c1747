// HTTP for the API connectors: GET a JSON document with a timeout (AbortController), retries with
// exponential backoff on 5xx, timeouts and network errors, and one clear Indonesian message for
// everything else. No retry on 4xx (a bad key does not get better) or on malformed JSON.

export interface FetchOptions {
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  /** Attempts in all (first try included). */
  attempts?: number;
  /** Backoff before retry k (1-based) is baseDelayMs * 2^(k-1). */
  baseDelayMs?: number;
  headers?: Record<string, string>;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  /** Turns the API's own JSON error body into a message (BPS and CKAN differ). */
  describeError?: (body: unknown) => string | undefined;
  /** Name of the service in messages ("BPS WebAPI"). */
  service: string;
}

export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly kind: "http" | "timeout" | "network" | "json" | "api" | "shape",
    readonly status?: number,
  ) {
    super(message);
    this.name = "ConnectorError";
  }
}

export interface Fetched {
  /** The body exactly as received (kept for audit). */
  text: string;
  json: unknown;
  url: string;
  attempts: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The URL without secrets, for messages and logs. */
export function redact(url: string, secrets: (string | undefined)[] = []): string {
  let out = url;
  for (const s of secrets) if (s) out = out.split(encodeURIComponent(s)).join("***").split(s).join("***");
  return out;
}

export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const head = text.slice(0, 60).replace(/\s+/g, " ");
    throw new ConnectorError(
      `${where}: jawaban bukan JSON yang sah (${e instanceof Error ? e.message : String(e)}); awal jawaban: "${head}"`,
      "json",
    );
  }
}

export async function fetchJson(
  url: string,
  options: FetchOptions & { secrets?: (string | undefined)[]; /** The URL as shown in messages (secrets masked). */ display?: string },
): Promise<Fetched> {
  const { timeoutMs = 15_000, attempts = 4, baseDelayMs = 500, sleep = defaultSleep, log = () => {}, service } = options;
  const shown = options.display ?? redact(url, options.secrets);
  let last: ConnectorError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      const delay = baseDelayMs * 2 ** (attempt - 2);
      log(`${service}: ${last?.message}; mencoba lagi (${attempt}/${attempts}) dalam ${delay} ms`);
      await sleep(delay);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, { signal: controller.signal, headers: { accept: "application/json", ...options.headers } });
      status = res.status;
      text = await res.text();
    } catch (e) {
      const aborted = controller.signal.aborted;
      last = aborted
        ? new ConnectorError(`${service} tidak menjawab dalam ${timeoutMs / 1000} detik (${shown})`, "timeout")
        : new ConnectorError(`${service} tidak dapat dihubungi (${shown}): ${e instanceof Error ? (e.cause as Error | undefined)?.message ?? e.message : String(e)}`, "network");
      continue;
    } finally {
      clearTimeout(timer);
    }
    if (status >= 500) {
      last = new ConnectorError(`${service} mengalami gangguan (HTTP ${status}) di ${shown}`, "http", status);
      continue;
    }
    if (status >= 400) {
      let detail: string | undefined;
      try {
        detail = options.describeError?.(JSON.parse(text));
      } catch {
        /* not JSON: fall back to the status */
      }
      const hint =
        status === 401 || status === 403
          ? "kunci/token API ditolak: periksa kunci API (variabel lingkungan) dan hak aksesnya"
          : status === 404
            ? "alamat atau sumber data tidak ditemukan: periksa URL dasar dan kode sumber (var / resource_id)"
            : status === 429
              ? "terlalu banyak permintaan: coba lagi nanti"
              : "permintaan ditolak";
      throw new ConnectorError(`${service} menolak permintaan (HTTP ${status}) di ${shown}: ${hint}${detail ? `; pesan server: "${detail}"` : ""}`, "http", status);
    }
    return { text, json: parseJson(text, service), url: shown, attempts: attempt };
  }
  throw new ConnectorError(`${last!.message}; menyerah setelah ${attempts} percobaan. Data tidak dimuat; coba lagi nanti atau muat dari berkas jawaban yang tersimpan.`, last!.kind, last!.status);
}
