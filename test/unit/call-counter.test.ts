import { describe, expect, it } from 'vitest';
import { DynamoCallCounter, type ScopedCalls } from '@lambdas/adapters/dynamodb/call-counter';

type Middleware = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>;

/** A client with the SDK's middleware stack reduced to what the counter uses: one middleware, run on every send. */
function fakeClient(counter: DynamoCallCounter) {
  let middleware: Middleware | undefined;
  const client = { middlewareStack: { add: (mw: Middleware) => void (middleware = mw) } };
  counter.attach(client as never);
  return { send: (commandName: string) => middleware!(async () => ({}), { commandName })({}) };
}

function counting() {
  const counter = new DynamoCallCounter();
  const client = fakeClient(counter);
  const settled: ScopedCalls[] = [];
  counter.onScope((scoped) => settled.push(scoped));
  return { counter, client, settled };
}

async function* pages(client: ReturnType<typeof fakeClient>, count: number) {
  for (let page = 0; page < count; page++) {
    await client.send('QueryCommand');
    yield `page ${page}`;
  }
}

describe('DynamoCallCounter', () => {
  it('counts the calls of an invocation under its label, and none made outside a scope', async () => {
    const { counter, client, settled } = counting();
    await client.send('GetItemCommand');
    await counter.run('GET /v1/me', async () => {
      await client.send('BatchGetItemCommand');
    });
    expect(settled).toEqual([{ label: 'GET /v1/me', calls: [{ command: 'BatchGetItemCommand' }] }]);
  });

  it("counts a streamed answer's reads in its invocation, which settles when the stream ends", async () => {
    const { counter, client, settled } = counting();
    const result = await counter.run('GET /v1/me/export', async () => {
      await client.send('GetItemCommand');
      return { stream: counter.continued(pages(client, 3)) };
    });
    expect(settled).toEqual([]);
    const chunks: string[] = [];
    for await (const chunk of result.stream) chunks.push(chunk);
    expect(chunks).toEqual(['page 0', 'page 1', 'page 2']);
    expect(settled).toEqual([{ label: 'GET /v1/me/export', calls: ['GetItemCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand'].map((command) => ({ command })) }]);
  });

  it('settles a streamed invocation whose reader stops early (a client gone), once', async () => {
    const { counter, client, settled } = counting();
    const { stream } = await counter.run('GET /v1/me/export', async () => ({ stream: counter.continued(pages(client, 5)) }));
    for await (const chunk of stream) if (chunk === 'page 1') break;
    expect(settled).toHaveLength(1);
    expect(settled[0]!.calls).toHaveLength(2);
  });
});
