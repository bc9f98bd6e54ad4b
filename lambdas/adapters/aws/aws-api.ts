import { fromEnv } from '@aws-sdk/credential-provider-env';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from './node-sha256';

/** What the signer takes as credentials: an identity, or a provider of one (the SDK's providers are). */
export type AwsCredentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

/**
 * A small client for the AWS APIs a function calls once or twice per
 * invocation or per cold start — Secrets Manager, SQS, KMS, EventBridge and
 * its Scheduler, API Gateway's control plane — over `fetch`, signed with the
 * SDK's own SigV4 signer. Each SDK client adds 15–45 KiB of schemas, endpoint
 * rules and protocol code to a bundle that must stay under 300 KiB, for one
 * request shape each here; DynamoDB, the hot path, keeps the full SDK
 * (README "Smaller functions"). It speaks the two protocols those services
 * use (JSON-RPC with X-Amz-Target, and REST-JSON), retries throttling, 5xx and
 * lost connections with jittered backoff, and reports errors by AWS's name for
 * them (`ConflictException`, `ResourceNotFoundException` …), as the SDK does.
 * S3 (REST-XML, presigned URLs) has its own small client beside it (s3-api.ts).
 */
export interface AwsApiOptions {
  /** The signing name, and the endpoint prefix unless `endpoint` says otherwise: `sqs`, `kms`, `secretsmanager`, `events`, `scheduler`, `apigateway`, `ses`. */
  service: string;
  /** Default: AWS_REGION (Lambda sets it). */
  region?: string;
  /** Default: Lambda's credentials, from the environment. Operator scripts pass the SDK's full chain. */
  credentials?: AwsCredentials;
  /** Tries in all (default 3); 1 for callers that retry on their own. */
  maxAttempts?: number;
  /** Default: https://<service>.<region>.amazonaws.com. */
  endpoint?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** An error answer of an AWS API: `name` is AWS's error code, as the SDK's exceptions are named. */
export class AwsApiError extends Error {
  /** The SDK's shape, so code written against SDK errors (retry policies) reads these alike. */
  readonly $metadata: { httpStatusCode: number };
  constructor(
    name: string,
    message: string,
    readonly status: number,
    readonly retryAfterSeconds?: string,
  ) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
  }
}

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'ProvisionedThroughputExceededException', 'RequestThrottled', 'SlowDown']);

/** How a small signed client talks: its region, fetch, the pause between tries and how many tries (aws-api.ts, s3-api.ts). */
export interface Transport {
  region: string;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  attempts: number;
}

export function transportOf(options: Pick<AwsApiOptions, 'region' | 'fetch' | 'sleep' | 'maxAttempts'>): Transport {
  return {
    region: options.region ?? process.env['AWS_REGION'] ?? 'us-east-1',
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    attempts: options.maxAttempts ?? 3,
  };
}

/** Runs `once` again while it fails with what a retry can help (throttling, 5xx, a lost connection), up to the transport's tries. */
export async function withRetries<T>(transport: Transport, once: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once();
    } catch (error) {
      if (attempt >= transport.attempts || !isRetryable(error)) throw error;
    }
    await transport.sleep(backoffMs(attempt));
  }
}

export class AwsApi {
  private readonly signer: SignatureV4;
  private readonly endpoint: URL;
  private readonly transport: Transport;

  constructor(options: AwsApiOptions) {
    this.transport = transportOf(options);
    const region = this.transport.region;
    this.endpoint = new URL(options.endpoint ?? `https://${options.service}.${region}.amazonaws.com`);
    this.signer = new SignatureV4({ service: options.service, region, credentials: options.credentials ?? fromEnv(), sha256: Sha256, applyChecksum: true });
  }

  /** A JSON-RPC call: POST / with `X-Amz-Target: <target>.<operation>` (SQS 1.0; KMS, Secrets Manager, EventBridge 1.1). */
  json<T>(target: string, version: '1.0' | '1.1', operation: string, input: unknown): Promise<T> {
    return this.send<T>('POST', '/', {}, JSON.stringify(input), { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': `${target}.${operation}` });
  }

  /** A REST-JSON call (Scheduler, API Gateway): the path with its labels encoded, query, JSON body. */
  rest<T>(method: string, path: string, options: { query?: Record<string, string | number | boolean | undefined>; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
    const query = Object.fromEntries(Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return this.send<T>(method, path, query, body, { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, options.signal);
  }

  private send<T>(method: string, path: string, query: Record<string, string>, body: string | undefined, headers: Record<string, string>, signal?: AbortSignal): Promise<T> {
    return withRetries(this.transport, () => this.once<T>(method, path, query, body, headers, signal));
  }

  private async once<T>(method: string, path: string, query: Record<string, string>, body: string | undefined, headers: Record<string, string>, signal?: AbortSignal): Promise<T> {
    const request = {
      method,
      protocol: this.endpoint.protocol,
      hostname: this.endpoint.hostname,
      ...(this.endpoint.port ? { port: Number(this.endpoint.port) } : {}),
      path,
      query,
      headers: { host: this.endpoint.host, ...headers },
      ...(body === undefined ? {} : { body }),
    };
    const signed = await this.signer.sign(request);
    const url = new URL(path, this.endpoint);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const { host: _host, ...sent } = signed.headers as Record<string, string>;
    const response = await this.transport.fetch(url, { method, headers: sent, ...(body === undefined ? {} : { body }), ...(signal ? { signal } : {}) });
    const text = await response.text();
    const parsed: unknown = text === '' ? {} : safeJson(text);
    if (response.ok) return parsed as T;
    throw toError(response, parsed);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
}

/** AWS names the error in `x-amzn-errortype` or the body's `__type` (`aws.foo#NameException`, `Name:http://…`). */
function toError(response: Response, body: unknown): AwsApiError {
  const fields = (body ?? {}) as { __type?: unknown; code?: unknown; message?: unknown; Message?: unknown };
  const raw = response.headers.get('x-amzn-errortype') ?? (typeof fields.__type === 'string' ? fields.__type : typeof fields.code === 'string' ? fields.code : '');
  const name = raw.split(':')[0]!.split('#').pop() || `Http${response.status}`;
  const message = typeof fields.message === 'string' ? fields.message : typeof fields.Message === 'string' ? fields.Message : `${name} (${response.status})`;
  return new AwsApiError(name, message, response.status, response.headers.get('retry-after') ?? undefined);
}

/** Full jitter over an exponential ceiling, as the SDK's standard retry strategy. */
export function backoffMs(attempt: number): number {
  return Math.random() * Math.min(5_000, 100 * 2 ** attempt);
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof AwsApiError) return THROTTLING.has(error.name) || error.status === 429 || error.status >= 500;
  // fetch failed before an answer (reset, DNS, timeout): worth another try.
  return error instanceof TypeError;
}
