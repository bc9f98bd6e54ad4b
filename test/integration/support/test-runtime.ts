import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../../bin/runtime/runtime';
import { checkContract } from './openapi-contract';

export interface TestApp extends Runtime {
  /** Signs in through POST /local/token and returns a client acting as that user. */
  signIn(email?: string): Promise<ApiClient>;
  /** A client with no (or any) Authorization header. */
  anonymous(authorization?: string): ApiClient;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A request's body (JSON, or raw text with its own headers); redirects are followed unless `redirect: 'manual'`. */
export interface RequestInit {
  json?: unknown;
  /** Sent as is: text, or raw bytes (a body that is not UTF-8). */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  redirect?: 'manual';
}

export interface ApiClient {
  token: string;
  userId: string;
  request<T = any>(method: string, path: string, init?: RequestInit): Promise<ApiResponse<T>>;
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, json?: unknown): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, json?: unknown): Promise<ApiResponse<T>>;
  delete<T = any>(path: string): Promise<ApiResponse<T>>;
}

/**
 * The local runtime on a free port, its own table in the shared DynamoDB Local.
 * Tier throttles, quotas and per-IP limits are off unless a test turns them on
 * (`limits: true`, as test/integration/limits.test.ts does): a test of posts
 * fires requests far faster than a person, which is exactly what the free tier
 * refuses. The browser tests (test/e2e) run with the limits on.
 */
export async function startTestApp(options: RuntimeOptions = {}): Promise<TestApp> {
  const runtime = await startRuntime({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `test-${randomUUID()}`,
    log: () => undefined,
    // Never the developer's environment: no test may reach the real LinkedIn.
    env: {},
    limits: false,
    ...options,
  });
  const client = (token: string, userId: string, authorization?: string) => apiClient(runtime.url, token, userId, authorization);
  return Object.assign(runtime, {
    signIn: (email = `user-${randomUUID()}@example.com`) => signInAt(runtime.url, email),
    anonymous(authorization?: string) {
      return client('', '', authorization);
    },
  });
}

/** A client of the API at `baseUrl` acting with `token` (or with exactly `authorization`, when given). */
export function apiClient(baseUrl: string, token: string, userId: string, authorization?: string): ApiClient {
  const request = async <T>(method: string, path: string, init: RequestInit = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const auth = authorization ?? (token ? `Bearer ${token}` : undefined);
    if (auth !== undefined) headers['Authorization'] = auth;
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), ...(init.redirect ? { redirect: init.redirect } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    checkContract(method, path, res.status, res.headers, parsed);
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
  return {
    token,
    userId,
    request,
    get: (path) => request('GET', path),
    post: (path, json) => request('POST', path, json === undefined ? {} : { json }),
    patch: (path, json) => request('PATCH', path, json === undefined ? {} : { json }),
    delete: (path) => request('DELETE', path),
  };
}

/** Signs in through POST /local/token of the runtime at `baseUrl`. */
export async function signInAt(baseUrl: string, email: string): Promise<ApiClient> {
  const res = await fetch(`${baseUrl}/local/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const { token, userId } = (await res.json()) as { token: string; userId: string };
  return apiClient(baseUrl, token, userId);
}
