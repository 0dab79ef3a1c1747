// A local HTTP server for the connector tests: listens on 127.0.0.1 (port 0), answers each request
// with the next scripted reply for its path (the last reply repeats), and records what it was asked.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Reply =
  | { status?: number; json: unknown }
  | { status?: number; body: string; contentType?: string }
  /** Never answer (the client must time out). */
  | { hang: true };

export interface ReplayServer {
  baseUrl: string;
  requests: { path: string; url: string; headers: http.IncomingHttpHeaders }[];
  /** Replies for requests whose path (without query) starts with `prefix`, in order. */
  script(prefix: string, replies: Reply[] | ((url: URL, n: number) => Reply)): void;
  close(): Promise<void>;
}

export async function startReplayServer(): Promise<ReplayServer> {
  const scripts: { prefix: string; replies: Reply[] | ((url: URL, n: number) => Reply); n: number }[] = [];
  const requests: ReplayServer["requests"] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push({ path: url.pathname, url: req.url ?? "", headers: req.headers });
    const s = scripts.filter((x) => url.pathname.startsWith(x.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
    if (!s) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "no script" }));
      return;
    }
    const reply = typeof s.replies === "function" ? s.replies(url, s.n) : s.replies[Math.min(s.n, s.replies.length - 1)]!;
    s.n++;
    if ("hang" in reply) {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if ("json" in reply) res.writeHead(reply.status ?? 200, { "content-type": "application/json" }).end(JSON.stringify(reply.json));
    else res.writeHead(reply.status ?? 200, { "content-type": reply.contentType ?? "application/json" }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    script(prefix, replies) {
      const i = scripts.findIndex((x) => x.prefix === prefix);
      if (i >= 0) scripts.splice(i, 1);
      scripts.push({ prefix, replies, n: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
