// A loopback reverse proxy for the conformance suite, which cannot send headers of its own: it adds
// 'Authorization: Bearer TOKEN' and maps its own Host/Origin to the server's, passing foreign ones on
// unchanged (so the suite's DNS-rebinding checks still reach the server's own Host check). Streams both ways.
// Usage: node auth-proxy.mjs TARGET_PORT TOKEN   (prints "listening PORT")
import http from "node:http";

const [targetPort, token] = process.argv.slice(2);
const server = http.createServer((req, res) => {
  const port = server.address().port;
  const own = [`127.0.0.1:${port}`, `localhost:${port}`];
  const headers = { ...req.headers, authorization: `Bearer ${token}` };
  if (own.includes(headers.host)) headers.host = `127.0.0.1:${targetPort}`;
  if (headers.origin && own.some((h) => headers.origin === `http://${h}`)) headers.origin = `http://127.0.0.1:${targetPort}`;
  const upstream = http.request({ host: "127.0.0.1", port: Number(targetPort), method: req.method, path: req.url, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on("error", (e) => {
    if (!res.headersSent) res.writeHead(502);
    res.end(String(e));
  });
  req.pipe(upstream);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening ${server.address().port}\n`));
