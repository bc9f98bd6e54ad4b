import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * API Gateway's control plane as the SDK speaks to it (REST + JSON: `POST
 * /apikeys`, `GET /apikeys?name=&includeValues=`, `POST|DELETE
 * /usageplans/{id}/keys[/{keyId}]`, `GET /usageplans`, errors named by the
 * `x-amzn-ErrorType` header), on 127.0.0.1, with the throttling and key limit
 * tests need to provoke.
 */
export class FakeApiGateway {
  readonly plans = new Map<string, string>(); // id → name
  readonly keys = new Map<string, { id: string; name: string; value: string }>();
  readonly planKeys = new Map<string, Set<string>>(); // plan id → key ids
  readonly calls: string[] = [];
  /** The next N calls (of any kind) answer 429 TooManyRequestsException. */
  throttleNext = 0;
  /** Keys the account may hold (LimitExceededException beyond). */
  keyLimit = Number.POSITIVE_INFINITY;
  private server: Server | undefined;

  constructor(planNames: string[]) {
    planNames.forEach((name, i) => {
      this.plans.set(`plan${i}`, name);
      this.planKeys.set(`plan${i}`, new Set());
    });
  }

  planIdOf(name: string): string {
    return [...this.plans].find(([, n]) => n === name)![0];
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        this.calls.push(`${req.method} ${url.pathname}`);
        const reply = (status: number, json: unknown, errorType?: string) => {
          res.writeHead(status, { 'Content-Type': 'application/json', ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}) });
          res.end(JSON.stringify(json));
        };
        if (this.throttleNext > 0) {
          this.throttleNext--;
          return reply(429, { message: 'Too Many Requests' }, 'TooManyRequestsException');
        }
        const planKey = /^\/usageplans\/([^/]+)\/keys(?:\/([^/]+))?$/.exec(url.pathname);
        if (req.method === 'GET' && url.pathname === '/usageplans') {
          // Two pages, to prove the adapter follows `position`.
          const all = [...this.plans].map(([id, name]) => ({ id, name }));
          const second = url.searchParams.get('position') === 'page2';
          return reply(200, second ? { item: all.slice(2) } : { item: all.slice(0, 2), position: 'page2' });
        }
        if (req.method === 'GET' && url.pathname === '/apikeys') {
          const prefix = url.searchParams.get('name') ?? '';
          const values = url.searchParams.get('includeValues') === 'true';
          const items = [...this.keys.values()].filter((k) => k.name.startsWith(prefix)).map((k) => ({ id: k.id, name: k.name, ...(values ? { value: k.value } : {}) }));
          return reply(200, { item: items });
        }
        if (req.method === 'POST' && url.pathname === '/apikeys') {
          if (this.keys.size >= this.keyLimit) return reply(429, { message: 'API key limit exceeded' }, 'LimitExceededException');
          const { name } = JSON.parse(body) as { name: string };
          const key = { id: `k${this.keys.size + 1}`, name, value: randomBytes(20).toString('hex') };
          this.keys.set(key.id, key);
          return reply(201, { ...key, enabled: true });
        }
        if (planKey && this.planKeys.has(planKey[1]!)) {
          const attached = this.planKeys.get(planKey[1]!)!;
          if (req.method === 'POST') {
            const { keyId } = JSON.parse(body) as { keyId: string };
            if (attached.has(keyId)) return reply(409, { message: 'Usage Plan Key already exists' }, 'ConflictException');
            attached.add(keyId);
            return reply(201, { id: keyId, type: 'API_KEY' });
          }
          if (req.method === 'DELETE') {
            if (!attached.delete(planKey[2]!)) return reply(404, { message: 'Invalid Usage Plan Key' }, 'NotFoundException');
            return reply(202, {});
          }
        }
        reply(404, { message: `No route ${req.method} ${url.pathname}` }, 'NotFoundException');
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const address = this.server.address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server?.close(() => done()) ?? done());
  }
}
