// `npm run dev`: Framework's preview server behind a small proxy that applies the same HTML
// corrections as the build (site-html.ts: lang="id", zoomable viewport, labelled sidebar toggle),
// so the preview never shows the template the built site does not have. Everything else, the
// live-reload WebSocket included, passes through unchanged.
//
//   tsx loaders/dev.ts [--port 3000]
import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fixHtml } from "./site-html.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A proxy to the preview at 127.0.0.1:`target` that corrects every HTML response. */
export function htmlFixingProxy(target: number): http.Server {
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: { ...req.headers, "accept-encoding": "identity" } },
      (up) => {
        const headers = { ...up.headers };
        if (!String(headers["content-type"] ?? "").startsWith("text/html")) {
          res.writeHead(up.statusCode ?? 502, headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          const body = Buffer.from(fixHtml(Buffer.concat(chunks).toString("utf8")), "utf8");
          delete headers["content-length"];
          delete headers.etag;
          res.writeHead(up.statusCode ?? 502, { ...headers, "content-length": body.length });
          res.end(body);
        });
      },
    );
    upstream.on("error", () => {
      res.statusCode = 502;
      res.end("Pratinjau belum siap; muat ulang sebentar lagi.");
    });
    req.pipe(upstream);
  });
  // WebSocket (live reload): hand the raw connection to the preview server.
  server.on("upgrade", (req, socket, head) => {
    const up = net.connect(target, "127.0.0.1", () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(lines.join("\r\n") + "\r\n\r\n");
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    const close = () => {
      up.destroy();
      socket.destroy();
    };
    up.on("error", close);
    socket.on("error", close);
    up.on("close", close);
    socket.on("close", close);
  });
  return server;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number.parseInt(process.argv[i + 1], 10) : 3000;
  const inner = await freePort();
  const bin = path.join(ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  const child = spawn(process.execPath, [bin, "preview", "--host", "127.0.0.1", "--port", String(inner), "--no-open"], {
    cwd: ROOT,
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const server = htmlFixingProxy(inner);
  server.listen(port, "127.0.0.1", () => console.log(`Pratinjau di http://127.0.0.1:${port}/  (Ctrl+C untuk berhenti)`));
  const stop = () => {
    server.close();
    child.kill();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => {
    server.close();
    process.exit(code ?? 0);
  });
}
