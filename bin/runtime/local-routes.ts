import * as z from 'zod/mini';
import { AccountGoneError, AppError } from '@lambdas/core/errors';
import type { LocalIdentityStore } from '@lambdas/adapters/local/local-identity-store';
import type { AuditLog } from '@lambdas/core/ports/audit-log';
import type { Clock } from '@lambdas/core/ports/clock';
import type { UserStore } from '@lambdas/core/ports/user-store';
import { ensureUser } from '@lambdas/core/users/user-use-cases';
import { parseInput } from '@lambdas/core/validation';
import { send, type LocalRoute } from './gateway';
import { LocalIssuer } from './local-issuer';

const signInSchema = z.strictObject({
  email: z.pipe(z.string({ error: 'must be a string' }).check(z.trim(), z.toLowerCase()), z.email({ error: 'must be an email address, like ada@example.com' })),
});

/**
 * What the local runtime serves itself, in place of Cognito and CloudFront:
 * the local sign-in (POST /local/token) with its JWKS, and /config.json.
 * `issuer` is read at request time: it exists once the gateway knows its port.
 */
export function localRoutes(deps: {
  users: UserStore;
  audit: AuditLog;
  clock: Clock;
  issuer: () => LocalIssuer | undefined;
  /** Which subject each email signs in as (the local Cognito user directory). */
  identities: LocalIdentityStore;
  tokenTtlSeconds: number;
  sandbox: { linkedin: boolean; openai: boolean; mail: boolean };
  /** Where the sandbox outbox serves the mails it got (none with SMTP_URL). */
  mailOutboxUrl: () => string | undefined;
}): LocalRoute[] {
  return [
    async (req, res, url, body) => {
      if (url.pathname === '/local/.well-known/jwks.json' && req.method === 'GET') {
        send(res, 200, deps.issuer()!.jwks());
        return true;
      }
      if (url.pathname !== '/local/token') return false;
      if (req.method !== 'POST') return send(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST /local/token.', details: [] } }) > 0;
      try {
        let json: unknown;
        try {
          json = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          json = null;
        }
        const { email } = parseInput(signInSchema, json);
        const userId = await subjectOf(deps, email);
        let signUp;
        try {
          signUp = await ensureUser(deps, { userId, email });
        } catch (error) {
          if (!(error instanceof AccountGoneError)) throw error;
          // The deletion job has not reached the identity yet (its first step): a moment later this email signs up afresh.
          send(res, 409, { error: { code: 'ACCOUNT_BEING_DELETED', message: 'This account is being deleted. Sign in again in a minute to start a new, empty one.', details: [] } }, { 'Retry-After': '5' });
          return true;
        }
        const { profile, created } = signUp;
        if (created) await deps.audit.append(profile.userId, { type: 'user.signed_up' });
        const token = await deps.issuer()!.signIdToken(userId, email, deps.tokenTtlSeconds);
        send(res, 200, { token, userId: profile.userId, expiresAt: new Date(Date.now() + deps.tokenTtlSeconds * 1000).toISOString() });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        send(res, error.status, { error: { code: error.code, message: error.message, details: error.details } });
      }
      return true;
    },
    (req, res, url) => {
      if (url.pathname !== '/config.json' || req.method !== 'GET') return false;
      const mailOutboxUrl = deps.mailOutboxUrl();
      send(res, 200, { mode: 'local', apiUrl: '', auth: { type: 'local' }, sandbox: { ...deps.sandbox, ...(mailOutboxUrl ? { mailOutboxUrl } : {}) } });
      return true;
    },
  ];
}

/** The email's subject: its identity's, or a new one (adopting the id an account made before the identity store was derived from). */
async function subjectOf(deps: { users: UserStore; identities: LocalIdentityStore }, email: string): Promise<string> {
  const existing = deps.identities.existingSubject(email);
  if (existing) return existing;
  const legacy = LocalIssuer.legacyUserIdFor(email);
  return deps.identities.subjectFor(email, (await deps.users.get(legacy)) ? legacy : undefined);
}
