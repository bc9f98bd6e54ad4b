import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isActiveLinkedInVersion } from '@contract/linkedin-version';

/** How the sandbox LinkedIn answers on the wire: LinkedIn's error bodies, version rule, id_token shape, and its JSON/HTML replies. */

/** LinkedIn's exact answer to a duplicate post. */
export function duplicateBody(urn: string) {
  return {
    errorDetailType: 'com.linkedin.common.error.BadRequest',
    message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${urn}`,
    errorDetails: { inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }] },
    status: 422,
  };
}

export function idToken(sub: string, audience: string, issuer: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  // Shaped like LinkedIn's RS256 id_token; Mark.0 reads the member from userinfo and never verifies it.
  return `${part({ alg: 'RS256', kid: 'sandbox' })}.${part({ iss: issuer, aud: audience, sub, iat: now, exp: now + 3600 })}.${randomBytes(32).toString('base64url')}`;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY' });
  res.end(body);
}

/** The Posts and media APIs' header rules: a LinkedIn-Version that is active, and Rest.li 2.0.0. */
export function restHeaderProblem(req: IncomingMessage): { status: number; body: unknown } | undefined {
  const version = req.headers['linkedin-version'];
  if (typeof version !== 'string' || version === '') {
    return { status: 400, body: { status: 400, code: 'VERSION_MISSING', message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.' } };
  }
  // LinkedIn keeps each monthly version for a year (the rule the daily retirement check alarms on): older or future ones answer 426.
  if (!isActiveLinkedInVersion(version, new Date())) return { status: 426, body: { status: 426, code: 'NONEXISTENT_VERSION', message: `Requested version ${version} is not active` } };
  if (req.headers['x-restli-protocol-version'] !== '2.0.0') {
    return { status: 400, body: { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'X-Restli-Protocol-Version must be 2.0.0 for this resource' } };
  }
  return undefined;
}

