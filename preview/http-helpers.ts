// Small HTTP helpers of the preview server.
import type { IncomingMessage, ServerResponse } from 'node:http';

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body));
}

export function readBody(req: IncomingMessage, limit = 5 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`request body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Passes a /2.0/... request to the simulator unchanged (same origin for the page and for tests). */
export async function proxyToSimulator(req: IncomingMessage, res: ServerResponse, simulatorUrl: string): Promise<void> {
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(await readBody(req));
  const headers = new Headers();
  for (const name of ['content-type', 'authorization', 'accept']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  const answer = await fetch(`${simulatorUrl}${req.url ?? '/'}`, { method, headers, body });
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
  });
  res.writeHead(answer.status, out);
  res.end(Buffer.from(await answer.arrayBuffer()));
}
