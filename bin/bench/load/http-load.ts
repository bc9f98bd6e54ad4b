import { Agent, request } from 'node:http';
import type { Sample } from './stats';

/** One request of a run: what to send, and the name its samples are grouped under. */
export interface RequestSpec {
  op: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A closed loop per connection: each sends a request, waits for the answer,
 * and sends the next at once, for `seconds`. A refusal (429 or 503 with
 * Retry-After) makes that connection wait the seconds it was told, as a
 * well-behaved client does. Plain node:http with one keep-alive socket per
 * connection: the load generator must cost the machine little, since it
 * shares it with the server.
 */
export async function runLoad(options: {
  baseUrl: string;
  connections: number;
  seconds: number;
  /** Not measured: the first seconds, while caches and connections warm up. */
  warmUpSeconds?: number;
  next: (connection: number, i: number) => RequestSpec;
}): Promise<Sample[]> {
  const url = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const samples: Sample[] = [];
  const start = Date.now();
  const measureFrom = start + (options.warmUpSeconds ?? 0) * 1000;
  const deadline = measureFrom + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async (_, connection) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const spec = options.next(connection, i);
        const sent = performance.now();
        const sentAt = Date.now();
        const { status, retryAfter } = await send(agent, url, spec);
        const ms = performance.now() - sent;
        const refused = (status === 429 || status === 503) && retryAfter !== undefined;
        if (sentAt >= measureFrom && Date.now() <= deadline) samples.push({ op: spec.op, status, ms, refused });
        if (refused) await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter! * 1000, Math.max(0, deadline - Date.now()))));
      }
    }),
  );
  agent.destroy();
  return samples;
}

function send(agent: Agent, url: URL, spec: RequestSpec): Promise<{ status: number; retryAfter?: number }> {
  return new Promise((resolve) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, method: spec.method, path: spec.path, headers: { ...spec.headers, ...(spec.body ? { 'Content-Length': Buffer.byteLength(spec.body) } : {}) } },
      (res) => {
        res.resume();
        res.on('end', () => {
          const header = res.headers['retry-after'];
          const retryAfter = header === undefined ? undefined : Number(header);
          resolve({ status: res.statusCode ?? 0, ...(retryAfter !== undefined && Number.isFinite(retryAfter) ? { retryAfter } : {}) });
        });
      },
    );
    // A connection error is a failed request, status 0: counted, never thrown.
    req.on('error', () => resolve({ status: 0 }));
    if (spec.body) req.write(spec.body);
    req.end();
  });
}
