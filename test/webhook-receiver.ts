import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { path: string; headers: IncomingHttpHeaders; body: string; at: number };

/**
 * A real HTTP server on a free loopback port that records every request. The path chooses the
 * answer: /status/<code> answers that code; /slow/<ms> waits first, then 204; anything else 204.
 */
export type Receiver = {
  url: (path: string) => string;
  received: Received[];
  /** Requests to one path. */
  on: (path: string) => Received[];
  close: () => Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const status = /^\/status\/(\d{3})/.exec(path);
      const slow = /^\/slow\/(\d+)/.exec(path);
      const answer = () => {
        response.statusCode = status ? Number(status[1]) : 204;
        if (response.statusCode >= 300 && response.statusCode < 400)
          response.setHeader('location', '/elsewhere');
        response.end(status ? 'an answer the dispatcher does not read' : undefined);
      };
      if (slow) setTimeout(answer, Number(slow[1]));
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    on: (path) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
