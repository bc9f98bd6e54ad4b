import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { avatarSvg, consentPage, errorPage, feedPage, postPage } from './sandbox-pages';
import { readBody } from '../read-body';
import { SandboxStore, type SandboxPost } from './sandbox-state';
import { MAX_CONTENT_CHARACTERS, countCharacters } from '@contract/api/posts';
import { renderLittleText } from '@contract/little-text';
import { duplicateBody, html, idToken, json, restHeaderProblem } from './sandbox-protocol';
import { assetCall, uploadPart } from './sandbox-media-routes';
import type { SandboxEndpoint, SandboxFault } from './sandbox-faults';
import { SandboxMedia } from './sandbox-media';
import type { SandboxAssetKind } from './sandbox-state';

const ASSET_KINDS: Record<string, SandboxAssetKind> = { images: 'image', documents: 'document', videos: 'video' };

export type { SandboxEndpoint, SandboxFault } from './sandbox-faults';

export interface SandboxOptions {
  /** Keeps members, tokens and posts in this file across restarts. */
  stateFile?: string;
  clientId: string;
  clientSecret: string;
  /** Redirect URIs the sandbox "app" has registered (the runtime's callback). */
  redirectUris: string[];
  port?: number;
  log?: (line: string) => void;
  /** Where uploaded media bytes are kept (a temporary folder when not given). */
  assetDir?: string;
  /** Video upload part size (LinkedIn's 4 MiB by default). */
  videoPartBytes?: number;
}

export interface SandboxRequest {
  endpoint: 'authorization' | SandboxEndpoint;
  status: number;
  at: number;
}

/** Access tokens live 60 days, as LinkedIn's do. */
const TOKEN_SECONDS = 5_184_000;
const CODE_MS = 30 * 60_000;

/**
 * Sandbox LinkedIn: one loopback HTTP server speaking the LinkedIn protocol
 * Mark.0 uses (OAuth authorization with an Allow/Deny page, token endpoint,
 * OpenID userinfo, `POST /rest/posts` with its headers, versions, duplicate
 * detection and little text) plus pages that show what was "published". The
 * local runtime starts it when no LinkedIn credentials are configured; the
 * integration tests inject faults into it.
 */
export class LinkedInSandbox {
  private readonly store: SandboxStore;
  private readonly codes = new Map<string, { clientId: string; redirectUri: string; sub: string; scope: string; expiresAt: number }>();
  private readonly faults: SandboxFault[] = [];
  private server: Server | undefined;
  readonly requests: SandboxRequest[] = [];
  /** The Images, Documents and Videos APIs (tests hold a video in PROCESSING, read uploaded bytes). */
  readonly media: SandboxMedia;
  url = '';

  constructor(private readonly options: SandboxOptions) {
    this.store = new SandboxStore(options.stateFile);
    this.media = new SandboxMedia(this.store.data, () => this.store.save(), () => this.url, {
      ...(options.assetDir ? { assetDir: options.assetDir } : {}),
      ...(options.videoPartBytes ? { videoPartBytes: options.videoPartBytes } : {}),
    });
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.options.log?.(`[linkedin-sandbox] failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) json(res, 500, { status: 500, message: 'Internal sandbox error' });
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 1_000;
    this.server = server;
    const listen = (port: number) =>
      new Promise<void>((done, fail) => {
        server.once('error', fail);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', fail);
          done();
        });
      });
    const previous = this.store.data.port;
    if (this.options.port !== undefined) await listen(this.options.port);
    else if (previous) {
      // Published posts link to this address: keep it across restarts; when another program holds it, any port will do.
      await listen(previous).catch(async () => {
        this.options.log?.(`[linkedin-sandbox] port ${previous} is taken: links to posts published before this start will not open`);
        await listen(0);
      });
    } else await listen(0);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    this.url = `http://127.0.0.1:${port}`;
    if (port !== previous) {
      this.store.data.port = port;
      this.store.save();
    }
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
    this.media.stop();
  }

  get authUrl(): string {
    return `${this.url}/oauth/v2`;
  }

  get apiUrl(): string {
    return this.url;
  }

  get postUrlBase(): string {
    return `${this.url}/feed/update/`;
  }

  registerRedirectUri(uri: string): void {
    if (!this.options.redirectUris.includes(uri)) this.options.redirectUris.push(uri);
  }

  /** Queues faults for the next requests (tests only). */
  injectFaults(...faults: SandboxFault[]): void {
    this.faults.push(...faults.map((fault) => ({ ...fault })));
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Everything "published", oldest first. */
  get posts(): readonly SandboxPost[] {
    return this.store.data.posts;
  }

  /** Every access token it handed out (tests look for them where they must never be: logs, answers, the table in clear). */
  get issuedAccessTokens(): string[] {
    return Object.keys(this.store.data.tokens);
  }

  /** Revokes every token of a member (as when they remove the app in LinkedIn's settings). */
  revokeTokens(sub?: string): void {
    for (const token of Object.values(this.store.data.tokens)) if (!sub || token.sub === sub) token.revoked = true;
    this.store.save();
  }

  private takeFault(endpoint: SandboxEndpoint): SandboxFault | undefined {
    const index = this.faults.findIndex((fault) => (fault.endpoint ?? 'posts') === endpoint);
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    if ((fault.times ?? 1) <= 1) this.faults.splice(index, 1);
    else fault.times = (fault.times ?? 1) - 1;
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    // Uploads stream to disk (a video part is megabytes): before any body is read.
    const upload = /^\/dms-uploads\/([A-Za-z0-9_-]+)\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PUT' && upload) return uploadPart(this.routeContext(), req, res, upload[1]!, Number(upload[2]));
    const read = await readBody(req, 1024 * 1024);
    if (read === 'too-large') throw new Error('request body over 1 MB');
    const body = read.toString('utf8');
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /oauth/v2/authorization') return this.authorizePage(res, url.searchParams);
    if (route === 'POST /oauth/v2/authorization') return this.decide(res, new URLSearchParams(body));
    if (route === 'POST /oauth/v2/accessToken') return this.token(req, res, body);
    if (route === 'GET /v2/userinfo') return this.userinfo(req, res);
    if (route === 'POST /rest/posts') return this.createPost(req, res, body);
    const assets = /^\/rest\/(images|documents|videos)(?:\/(.+))?$/.exec(url.pathname);
    if (assets) return assetCall(this.routeContext(), req, res, ASSET_KINDS[assets[1]!]!, assets[2] ? decodeURIComponent(assets[2]) : undefined, url.searchParams.get('action'), body);
    const stored = /^\/media\/asset\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && stored) return this.media.serve(res, stored[1]!);
    if (route === 'GET /') return html(res, 200, feedPage([...this.store.data.posts].reverse().map((post) => this.entry(post))));
    if (route === 'GET /__sandbox/posts') return json(res, 200, this.store.data.posts);
    if (req.method === 'GET' && url.pathname.startsWith('/feed/update/')) {
      const urn = decodeURIComponent(url.pathname.slice('/feed/update/'.length));
      const post = this.store.data.posts.find((p) => p.urn === urn);
      return post ? html(res, 200, postPage(this.entry(post))) : html(res, 404, errorPage(`No sandbox post ${urn}.`));
    }
    const avatar = /^\/media\/avatar\/([A-Za-z0-9_-]+)\.svg$/.exec(url.pathname);
    if (req.method === 'GET' && avatar) {
      res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=3600' });
      res.end(avatarSvg(this.store.data.members[avatar[1]!]?.name ?? '?'));
      return;
    }
    json(res, 404, { status: 404, message: `No sandbox resource ${route}` });
  }

  private entry(post: SandboxPost) {
    const sub = post.author.replace('urn:li:person:', '');
    const assetUrl = (urn: string) => {
      const asset = this.media.asset(urn);
      return asset ? `${this.url}/media/asset/${asset.id}` : undefined;
    };
    return { post, author: this.store.data.members[sub], avatarUrl: `${this.url}/media/avatar/${sub}.svg`, assetUrl };
  }

  private authorizePage(res: ServerResponse, query: URLSearchParams): void {
    const problem = query.get('response_type') === 'code' ? this.checkAuthorizeParams(query) : 'response_type must be code.';
    this.record('authorization', problem ? 400 : 200);
    if (problem) return html(res, 400, errorPage(problem));
    html(res, 200, consentPage({ clientId: query.get('client_id')!, redirectUri: query.get('redirect_uri')!, state: query.get('state') ?? '', scope: query.get('scope') ?? '' }));
  }

  private checkAuthorizeParams(query: URLSearchParams): string | undefined {
    if (query.get('client_id') !== this.options.clientId) return 'Unknown client_id.';
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!this.options.redirectUris.includes(redirectUri)) return `The redirect_uri ${redirectUri} is not registered for this app.`;
    return undefined;
  }

  /** The member pressed Allow or Deny: back to the app with a code, or with LinkedIn's cancellation error. */
  private decide(res: ServerResponse, form: URLSearchParams): void {
    const problem = this.checkAuthorizeParams(new URLSearchParams({ client_id: form.get('client_id') ?? '', redirect_uri: form.get('redirect_uri') ?? '' }));
    if (problem) return html(res, 400, errorPage(problem));
    const target = new URL(form.get('redirect_uri')!);
    const state = form.get('state');
    if (form.get('decision') !== 'allow') {
      target.searchParams.set('error', 'user_cancelled_authorize');
      target.searchParams.set('error_description', 'The user cancelled the authorization');
    } else {
      const name = (form.get('member') ?? '').trim().slice(0, 60) || 'Sandbox Member';
      const sub = createHash('sha256').update(name.toLowerCase()).digest('base64url').slice(0, 10);
      this.store.data.members[sub] = { sub, name, email: `${sub.toLowerCase()}@sandbox.invalid` };
      this.store.save();
      const code = randomBytes(24).toString('base64url');
      this.codes.set(code, { clientId: form.get('client_id')!, redirectUri: form.get('redirect_uri')!, sub, scope: form.get('scope') ?? '', expiresAt: Date.now() + CODE_MS });
      target.searchParams.set('code', code);
    }
    if (state !== null) target.searchParams.set('state', state);
    res.writeHead(302, { Location: target.toString(), 'Cache-Control': 'no-store' }).end();
  }

  private token(req: IncomingMessage, res: ServerResponse, body: string): void {
    const fault = this.takeFault('token');
    const refuse = (description: string, error = 'invalid_request') => {
      this.record('token', 400);
      json(res, 400, { error, error_description: description });
    };
    if (fault?.kind === 'status') {
      this.record('token', fault.status);
      return json(res, fault.status, { error: 'invalid_request', error_description: fault.message ?? 'Sandbox fault: the token request failed' });
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return refuse('Content-Type must be application/x-www-form-urlencoded');
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'authorization_code') return refuse('A required parameter "grant_type" is missing or invalid');
    if (form.get('client_id') !== this.options.clientId || form.get('client_secret') !== this.options.clientSecret) {
      return refuse('Client authentication failed', 'invalid_client');
    }
    const code = form.get('code') ?? '';
    const grant = this.codes.get(code);
    this.codes.delete(code); // single use, whatever happens next
    if (!grant || grant.expiresAt < Date.now()) return refuse('Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.', 'invalid_request');
    if (grant.redirectUri !== form.get('redirect_uri') || grant.clientId !== form.get('client_id')) {
      return refuse('Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.');
    }
    const accessToken = `AQ${randomBytes(48).toString('base64url')}`;
    this.store.data.tokens[accessToken] = { sub: grant.sub, scope: grant.scope, expiresAt: Date.now() + TOKEN_SECONDS * 1000, revoked: false };
    this.store.save();
    this.record('token', 200);
    json(res, 200, {
      access_token: accessToken,
      expires_in: TOKEN_SECONDS,
      scope: grant.scope.split(/\s+/).join(','),
      token_type: 'Bearer',
      id_token: idToken(grant.sub, this.options.clientId, this.url),
    });
  }

  private tokenOf(req: IncomingMessage): { sub: string; scope: string } | undefined {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const token = match ? this.store.data.tokens[match[1]!] : undefined;
    return token && !token.revoked && token.expiresAt > Date.now() ? token : undefined;
  }

  private userinfo(req: IncomingMessage, res: ServerResponse): void {
    const fault = this.takeFault('userinfo');
    if (fault?.kind === 'status') {
      this.record('userinfo', fault.status);
      return json(res, fault.status, { status: fault.status, message: fault.message ?? 'Sandbox fault' });
    }
    const token = this.tokenOf(req);
    if (!token) {
      this.record('userinfo', 401);
      return json(res, 401, { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 });
    }
    const member = this.store.data.members[token.sub]!;
    const [given, ...family] = member.name.split(' ');
    this.record('userinfo', 200);
    json(res, 200, {
      sub: member.sub,
      name: member.name,
      given_name: given ?? member.name,
      family_name: family.join(' '),
      picture: `${this.url}/media/avatar/${member.sub}.svg`,
      email: member.email,
      email_verified: true,
      locale: { country: 'US', language: 'en' },
    });
  }

  private async createPost(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const answer = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      this.record('posts', status);
      if (payload === undefined) res.writeHead(status, headers).end();
      else json(res, status, payload, headers);
    };
    const token = this.tokenOf(req);
    if (!token) return answer(401, { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 });
    const refusal = restHeaderProblem(req);
    if (refusal) return answer(refusal.status, refusal.body);
    let post: Record<string, unknown>;
    try {
      post = JSON.parse(body) as Record<string, unknown>;
      if (!post || typeof post !== 'object') throw new Error('not an object');
    } catch {
      return answer(400, { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'Request body could not be converted to data map' });
    }
    const author = `urn:li:person:${token.sub}`;
    const missing = ['author', 'commentary', 'visibility', 'distribution', 'lifecycleState'].filter((field) => post[field] === undefined);
    if (missing.length > 0) {
      return answer(422, { message: missing.map((field) => `ERROR :: /${field} :: field is required but not found and has no default value\n`).join(''), status: 422 });
    }
    if (post['author'] !== author || !token.scope.split(/[\s,]+/).includes('w_member_social')) {
      return answer(403, { status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED', message: 'Not enough permissions to access: partnerApiPostsExternal.CREATE.NO_VERSION' });
    }
    const commentary = String(post['commentary']);
    // LinkedIn's 3,000 characters are those the post shows (escapes undone, a hashtag template as #tag), in code points.
    if (countCharacters(renderLittleText(commentary).text) > MAX_CONTENT_CHARACTERS) {
      return answer(422, { message: `ERROR :: /commentary :: length exceeds ${MAX_CONTENT_CHARACTERS}\n`, status: 422 });
    }
    const content = post['content'] && typeof post['content'] === 'object' ? (post['content'] as Record<string, unknown>) : undefined;
    const contentProblem = content ? this.media.checkContent(content, author) : undefined;
    if (contentProblem) return answer(422, { message: `${contentProblem}\n`, status: 422 });

    const fault = this.takeFault('posts');
    if (fault?.kind === 'status') return answer(fault.status, { status: fault.status, message: fault.message ?? `Sandbox fault: HTTP ${fault.status}` });
    if (fault?.kind === 'throttle') {
      return answer(429, { status: 429, message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.' }, { 'Retry-After': String(fault.retryAfterSeconds) });
    }
    if (fault?.kind === 'unauthorized') return answer(401, { serviceErrorCode: 65601, message: 'The token used in the request has been revoked by the user', status: 401 });

    // LinkedIn refuses the same text (with the same content) from the same author again, naming the post it already has.
    const same = JSON.stringify(content ?? null);
    const earlier = this.store.data.posts.find((p) => p.author === author && p.commentary === commentary && JSON.stringify(p.content ?? null) === same);
    if (earlier) return answer(422, duplicateBody(earlier.urn));

    if (fault?.kind === 'delay' && !fault.create) {
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      return answer(504, { status: 504, message: 'Gateway Timeout' });
    }
    const created = this.publish(author, commentary, content);
    if (fault?.kind === 'drop-after-create') {
      this.record('posts', 0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    answer(201, undefined, { 'x-restli-id': created.urn, 'Content-Length': '0' });
  }

  private publish(author: string, commentary: string, content?: Record<string, unknown>): SandboxPost {
    const post: SandboxPost = { urn: this.store.nextUrn(), author, commentary, ...(content ? { content } : {}), createdAt: new Date().toISOString() };
    this.store.data.posts.push(post);
    this.store.save();
    this.options.log?.(`[linkedin-sandbox] published ${post.urn} for ${author}`);
    return post;
  }

  private routeContext() {
    return { media: this.media, tokenOf: (req: IncomingMessage) => this.tokenOf(req), takeFault: (e: SandboxEndpoint) => this.takeFault(e), record: (e: SandboxEndpoint, status: number) => this.record(e, status) };
  }

  private record(endpoint: SandboxRequest['endpoint'], status: number): void {
    this.requests.push({ endpoint, status, at: Date.now() });
  }
}
