// The dev proxy serves Framework's preview with the build's HTML corrections, and passes everything
// else (scripts, the live-reload WebSocket) through unchanged. Servers only on 127.0.0.1.
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { htmlFixingProxy } from "./dev.ts";

const RAW = `<!DOCTYPE html>\n<html>\n<head>\n<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">\n</head>\n<body><input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar"></body>\n</html>\n`;
const JS = `export const x = "<html>";\n`;
const servers: http.Server[] = [];
const sockets = new Set<net.Socket>();
const listen = (s: http.Server) =>
  new Promise<number>((r) => {
    servers.push(s);
    s.on("connection", (c: net.Socket) => sockets.add(c));
    s.listen(0, "127.0.0.1", () => r((s.address() as net.AddressInfo).port));
  });
afterEach(async () => {
  for (const c of sockets) c.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

function upstream(): http.Server {
  const s = http.createServer((req, res) => {
    if (req.url === "/app.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(JS);
    } else {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(RAW) });
      res.end(RAW);
    }
  });
  s.on("upgrade", (_req, socket) => {
    socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    socket.on("data", (d) => socket.write(`echo:${d}`));
  });
  return s;
}

describe("htmlFixingProxy", () => {
  it("corrects HTML pages and leaves other responses byte for byte", async () => {
    const port = await listen(htmlFixingProxy(await listen(upstream())));
    const page = await fetch(`http://127.0.0.1:${port}/layanan`);
    const html = await page.text();
    expect(html).toContain('<html lang="id">');
    expect(html).not.toContain("maximum-scale");
    expect(html).toMatch(/id="observablehq-sidebar-toggle"[^>]*aria-label="Tampilkan atau sembunyikan menu"/);
    expect(Number(page.headers.get("content-length"))).toBe(Buffer.byteLength(html));
    expect(await (await fetch(`http://127.0.0.1:${port}/app.js`)).text()).toBe(JS);
  });

  it("passes the live-reload WebSocket upgrade through", async () => {
    const port = await listen(htmlFixingProxy(await listen(upstream())));
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(port, "127.0.0.1", () =>
        sock.write("GET /_observablehq HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"),
      );
      let got = "";
      sock.on("data", (d) => {
        got += d;
        if (got.includes("\r\n\r\n") && !got.includes("echo:")) sock.write("ping");
        if (got.includes("echo:ping")) {
          sock.destroy();
          resolve(got);
        }
      });
      sock.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1.1 101/);
    expect(reply).toContain("echo:ping");
  });
});
