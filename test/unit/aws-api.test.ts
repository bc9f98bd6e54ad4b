import { describe, expect, it } from 'vitest';
import { AwsApi, AwsApiError } from '@lambdas/adapters/aws/aws-api';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session' };

/** A fetch that records requests and answers from a script, one response per call. */
function scriptedFetch(answers: (Response | Error)[]) {
  const requests: { url: string; method: string; headers: Record<string, string>; body: string | undefined }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(input), method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, body: init?.body as string | undefined });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const api = (fetch: typeof globalThis.fetch, extra: Partial<ConstructorParameters<typeof AwsApi>[0]> = {}) =>
  new AwsApi({ service: 'sqs', region: 'eu-west-1', credentials, fetch, sleep: async () => undefined, ...extra });

describe('AwsApi, the small signed client for the AWS APIs called once or twice a request', () => {
  it('sends a JSON-RPC call to the service endpoint with its target, media type and a SigV4 signature with the session token', async () => {
    const { fetch, requests } = scriptedFetch([json(200, { MessageId: 'm1' })]);
    expect(await api(fetch).json('AmazonSQS', '1.0', 'SendMessage', { QueueUrl: 'q', MessageBody: '{}' })).toEqual({ MessageId: 'm1' });
    const [request] = requests;
    expect(request!.url).toBe('https://sqs.eu-west-1.amazonaws.com/');
    expect(request!.method).toBe('POST');
    expect(request!.body).toBe('{"QueueUrl":"q","MessageBody":"{}"}');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request!.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(request!.headers['x-amz-security-token']).toBe('session');
    expect(request!.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sqs\/aws4_request, SignedHeaders=[a-z0-9;-]*host;[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('sends a REST-JSON call with the path, the query and a JSON body, and reads an empty answer as {}', async () => {
    const { fetch, requests } = scriptedFetch([new Response('', { status: 200 })]);
    expect(await api(fetch, { service: 'scheduler' }).rest('DELETE', '/schedules/p-1', { query: { groupName: 'g', clientToken: undefined } })).toEqual({});
    expect(requests[0]!.url).toBe('https://scheduler.eu-west-1.amazonaws.com/schedules/p-1?groupName=g');
    expect(requests[0]!.method).toBe('DELETE');
    expect(requests[0]!.body).toBeUndefined();
  });

  it('names an error as AWS does, from x-amzn-errortype or the body\'s __type, and never retries a refusal', async () => {
    const { fetch, requests } = scriptedFetch([
      json(400, { __type: 'com.amazonaws.kms#NotFoundException', message: 'no such key' }),
      json(409, { message: 'exists' }, { 'x-amzn-errortype': 'ConflictException:http://internal.amazon.com/coral/' }),
    ]);
    const client = api(fetch);
    await expect(client.json('TrentService', '1.1', 'Encrypt', {})).rejects.toMatchObject({ name: 'NotFoundException', message: 'no such key', status: 400 });
    const conflict = await client.rest('POST', '/schedules/x', { body: {} }).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(AwsApiError);
    expect(conflict).toMatchObject({ name: 'ConflictException', status: 409, $metadata: { httpStatusCode: 409 } });
    expect(requests).toHaveLength(2);
  });

  it('retries throttling, 5xx and lost connections, at most maxAttempts tries in all', async () => {
    const answers = scriptedFetch([json(400, { __type: 'ThrottlingException', message: 'slow down' }), new TypeError('fetch failed'), json(503, {}), json(200, { ok: 1 })]);
    expect(await api(answers.fetch, { maxAttempts: 4 }).json('AmazonSQS', '1.0', 'SendMessage', {})).toEqual({ ok: 1 });
    expect(answers.requests).toHaveLength(4);
    const once = scriptedFetch([json(500, { message: 'boom' }), json(200, {})]);
    await expect(api(once.fetch, { maxAttempts: 1 }).json('AmazonSQS', '1.0', 'SendMessage', {})).rejects.toMatchObject({ status: 500 });
    expect(once.requests).toHaveLength(1);
  });
});
