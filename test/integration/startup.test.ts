import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../../bin/runtime/dynamodb-local';
import { startRuntime } from '../../bin/runtime/runtime';

/**
 * A new user opens the app the moment `npm start` says it listens: every answer
 * during start-up is a refusal with Retry-After (or no connection yet), never a
 * 500, and /health says ok only once signing in works.
 */
describe('start-up', () => {
  it('answers 503 with Retry-After until every part is ready, then serves sign-ins at once (8 starts)', async () => {
    const seen = new Map<string, number>();
    for (let start = 0; start < 8; start++) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      let done = false;
      const starting = startRuntime({ port, dynamoEndpoint: inject('dynamoEndpoint'), tableName: `test-${randomUUID()}`, log: () => undefined, env: {}, limits: false }).finally(() => {
        done = true;
      });
      let healthOkBeforeSignIn = false;
      let signedIn = false;
      // Hammer the port from before it listens until a sign-in succeeds.
      while (!signedIn) {
        const [health, signIn] = await Promise.all([
          fetch(`${base}/health`).catch(() => undefined),
          fetch(`${base}/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: `start${start}@example.com` }) }).catch(() => undefined),
        ]);
        for (const res of [health, signIn]) {
          if (!res) {
            seen.set('no connection', (seen.get('no connection') ?? 0) + 1);
            continue;
          }
          seen.set(String(res.status), (seen.get(String(res.status)) ?? 0) + 1);
          if (res.status === 503) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
          else expect(res.status, await res.clone().text()).toBeLessThan(500);
        }
        if (signIn?.status === 200) signedIn = true;
        else if (health?.status === 200) healthOkBeforeSignIn = true;
        if (done && !signedIn) {
          // Started: the very next sign-in must work.
          const res = await fetch(`${base}/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: `late${start}@example.com` }) });
          expect(res.status).toBe(200);
          signedIn = true;
        }
      }
      expect(healthOkBeforeSignIn).toBe(false);
      const runtime = await starting;
      const me = await fetch(`${runtime.url}/health`);
      expect(me.status).toBe(200);
      await runtime.stop();
    }
    // The loop did see the start-up window at least once (else the test proves nothing).
    expect((seen.get('503') ?? 0) + (seen.get('no connection') ?? 0)).toBeGreaterThan(0);
  }, 180_000);
});
