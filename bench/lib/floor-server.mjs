// The machine floor: a bare node:http server answering 204, in its own process like the servers
// under test, so that "what Node and the load generator cost on this machine" is in the table.
import http from "node:http";

const port = Number(process.env.PORT);
const server = http.createServer((_req, res) => {
  res.writeHead(204, { "cache-control": "no-store" });
  res.end();
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => process.stdout.write("ready\n"));
for (const s of ["SIGINT", "SIGTERM"]) process.on(s, () => process.exit(0));
