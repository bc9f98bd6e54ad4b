import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

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
