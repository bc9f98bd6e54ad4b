import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readPromptData } from '@lambdas/core/ai/prompts';
import { readBody } from './read-body';
import { sandboxAnswer } from './sandbox-drafts';

/**
 * A local server that speaks OpenAI's Chat Completions wire protocol
 * (`POST /v1/chat/completions`, the same JSON in and out, token usage, error
 * bodies `{"error": {"message", "type", "param", "code"}}`). It is both the
 * sandbox `npm start` uses without OPENAI_API_KEY (deterministic drafts built
 * from the request, never a model) and the test double: it records every
 * request, and injected faults replay the provider's real failures.
 */
export type SandboxFault =
  /** 429 type/code insufficient_quota: the account is out of credit (the SDK must not retry). */
  | { kind: 'insufficient_quota' }
  /** 429 code rate_limit_exceeded, with `retry-after-ms` (small by default, so retries stay quick). */
  | { kind: 'rate_limit'; retryAfterMs?: number; retryAfterSeconds?: number }
  /** A 5xx with OpenAI's server_error body. */
  | { kind: 'server_error'; status?: number }
  /** Answers only after `ms` (then normally): beyond the client's timeout, the client gives up first. */
  | { kind: 'slow'; ms: number }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 JSON that is not a chat completion (no choices). */
  | { kind: 'not_a_completion' }
  /** 200 chat completion whose every choice has empty content. */
  | { kind: 'empty' }
  /** 401 invalid_api_key. */
  | { kind: 'unauthorized' };

/** A Chat Completions request body as it arrived (model, messages, max_tokens, n, …). */
export type ChatRequestBody = Record<string, unknown>;

export interface SandboxBehaviour {
  /** Answer one choice whatever `n` asks (as many compatible servers do). */
  ignoreN?: boolean;
  /** Refuse `max_tokens` and a non-default `temperature` with a 400 naming the parameter, as OpenAI's reasoning models do. */
  reasoningModel?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The bearer token sent (the sandbox's own fake key; real keys never reach it). */
  authorization: string | undefined;
  body: ChatRequestBody;
}

export interface OpenAiSandbox {
  /** The value for OPENAI_BASE_URL: http://127.0.0.1:<port>/v1 */
  baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Queues a fault for each of the next `times` completion requests. */
  fail(fault: SandboxFault, times?: number): void;
  behave(behaviour: SandboxBehaviour): void;
  /** Clears recorded requests, queued faults and behaviour. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startOpenAiSandbox(options: { port?: number; log?: (line: string) => void } = {}): Promise<OpenAiSandbox> {
  const requests: RecordedRequest[] = [];
  let faults: SandboxFault[] = [];
  let behaviour: SandboxBehaviour = {};
  let served = 0;
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, { message: `Sandbox failure: ${String(error)}`, type: 'server_error' });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
      return sendError(res, 404, { message: `Invalid URL (${req.method} ${url.pathname})`, type: 'invalid_request_error' });
    }
    let body: ChatRequestBody;
    try {
      body = JSON.parse(raw) as ChatRequestBody;
    } catch {
      return sendError(res, 400, { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error' });
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    requests.push({ method: req.method, path: url.pathname, authorization: auth, body });
    if (!auth) return sendError(res, 401, { message: "You didn't provide an API key.", type: 'invalid_request_error' });

    const fault = faults.shift();
    options.log?.(`[sandbox-openai] POST /v1/chat/completions model=${String(body['model'])} n=${String(body['n'] ?? 1)}${fault ? ` fault=${fault.kind}` : ''}`);
    switch (fault?.kind) {
      case 'insufficient_quota':
        return sendError(res, 429, {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        });
      case 'rate_limit': {
        const headers: Record<string, string> =
          fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : { 'retry-after-ms': String(fault.retryAfterMs ?? 20) };
        return sendError(res, 429, { message: `Rate limit reached for ${String(body['model'])} on requests per min (RPM): Limit 3, Used 3, Requested 1.`, type: 'requests', code: 'rate_limit_exceeded' }, headers);
      }
      case 'server_error':
        return sendError(res, fault.status ?? 500, { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error' });
      case 'unauthorized':
        return sendError(res, 401, { message: 'Incorrect API key provided: sk-proj-****abcd.', type: 'invalid_request_error', code: 'invalid_api_key' });
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "chatcmpl-sandbox", "choices": [');
        return;
      case 'not_a_completion':
        return sendJson(res, 200, { id: 'chatcmpl-sandbox', object: 'chat.completion', note: 'no choices here' });
      case 'slow':
        await new Promise<void>((done) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            done();
          }, fault.ms);
          timers.add(timer);
          res.once('close', () => {
            clearTimeout(timer);
            timers.delete(timer);
            done();
          });
        });
        if (res.destroyed || res.writableEnded) return;
        break;
      default:
        break;
    }

    const refused = refusedParameter(body, behaviour);
    if (refused) return sendError(res, 400, refused);
    if (typeof body['model'] !== 'string' || !Array.isArray(body['messages'])) {
      return sendError(res, 400, { message: 'you must provide a model parameter and messages', type: 'invalid_request_error' });
    }
    sendJson(res, 200, completion(body, fault?.kind === 'empty', behaviour, ++served));
  }

  const port = await new Promise<number>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      done(typeof address === 'object' && address ? address.port : 0);
    });
  });
  // Never keeps a process (a test run, npm start's shutdown) alive on its own.
  server.unref();

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    fail(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    behave(next) {
      behaviour = { ...next };
    },
    reset() {
      requests.length = 0;
      faults = [];
      behaviour = {};
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      return new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

/** OpenAI's 400 for a parameter a reasoning model does not take. */
function refusedParameter(body: ChatRequestBody, behaviour: SandboxBehaviour): ErrorFields | undefined {
  if (!behaviour.reasoningModel) return undefined;
  if (body['max_tokens'] !== undefined) {
    return {
      message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      type: 'invalid_request_error',
      param: 'max_tokens',
      code: 'unsupported_parameter',
    };
  }
  if (body['temperature'] !== undefined && body['temperature'] !== 1) {
    return {
      message: `Unsupported value: 'temperature' does not support ${String(body['temperature'])} with this model. Only the default (1) value is supported.`,
      type: 'invalid_request_error',
      param: 'temperature',
      code: 'unsupported_value',
    };
  }
  return undefined;
}

function completion(body: ChatRequestBody, empty: boolean, behaviour: SandboxBehaviour, serial: number) {
  const messages = body['messages'] as { role: string; content: string }[];
  const model = String(body['model']);
  const user = messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  const data = readPromptData(user);
  const n = behaviour.ignoreN ? 1 : Math.max(1, Number(body['n'] ?? 1));
  const cap = Number(body['max_tokens'] ?? body['max_completion_tokens'] ?? Infinity);
  const choices = Array.from({ length: n }, (_, index) => {
    let content = empty ? '' : sandboxAnswer(data, index);
    let finish = 'stop';
    if (tokensOf(content) > cap) {
      content = [...content].slice(0, cap * 4).join('');
      finish = 'length';
    }
    return { index, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finish };
  });
  const promptTokens = tokensOf(messages.map((m) => m.content).join('\n'));
  const completionTokens = choices.reduce((sum, c) => sum + tokensOf(c.message.content), 0);
  return {
    id: `chatcmpl-sandbox-${serial}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: `${model}-sandbox`,
    choices,
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    system_fingerprint: 'sandbox',
  };
}

/** About four characters per token, as OpenAI's tokenizers average on English. */
function tokensOf(text: string): number {
  return Math.ceil([...text].length / 4);
}

interface ErrorFields {
  message: string;
  type: string;
  param?: string | null;
  code?: string | null;
}

function sendError(res: ServerResponse, status: number, error: ErrorFields, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code ?? null } }, headers);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_sandbox_${Date.now()}`, ...headers }).end(JSON.stringify(body));
}
