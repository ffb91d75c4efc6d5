// Small HTTP helpers of the preview server.
import { request, type IncomingMessage, type ServerResponse } from 'node:http';

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body));
}

/**
 * Passes a /2.0/... request to the simulator unchanged. The Host header goes
 * along, so the links in its answers point at the preview's origin (one origin
 * for the page, the API and tests).
 */
export function proxyToSimulator(req: IncomingMessage, res: ServerResponse, simulatorUrl: string): Promise<void> {
  const target = new URL(req.url ?? '/', simulatorUrl);
  const headers: Record<string, string> = {};
  for (const name of ['host', 'content-type', 'content-length', 'authorization', 'accept']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return new Promise((resolvePromise, reject) => {
    const upstream = request(target, { method: req.method ?? 'GET', headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => resolvePromise());
      answer.on('error', reject);
    });
    upstream.on('error', reject);
    req.pipe(upstream);
  });
}
