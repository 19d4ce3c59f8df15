import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small OpenLineage backend for tests: a real HTTP server that records what is POSTed to it
 * and can be stopped and started again on the same port (a backend that is down, then up).
 */
export class LocalReceiver {
  readonly received: Array<{ path: string; authorization: string | undefined; body: unknown }> = [];
  /** Answer this status instead of 201 (for the next `failures` requests, then 201 again). */
  failWith: { status: number; times: number } | undefined;
  port = 0;
  private server: http.Server | undefined;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (this.failWith && this.failWith.times > 0) {
          this.failWith.times--;
          res.writeHead(this.failWith.status).end("failing on purpose");
          return;
        }
        this.received.push({
          path: req.url ?? "",
          authorization: req.headers.authorization,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown,
        });
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
