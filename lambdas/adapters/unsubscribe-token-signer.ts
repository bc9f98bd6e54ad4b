import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { isMailKind, type MailKind } from '../contract/api/notifications';
import type { UnsubscribeTokens } from '../core/ports/unsubscribe-tokens';

/** Bytes of HMAC-SHA256 a token keeps: 128 bits, out of reach of guessing, short enough for a URL. */
const SIGNATURE_BYTES = 16;

/**
 * Unsubscribe tokens `<base64url user id>.<kind>.<signature>`: HMAC-SHA256 under a key derived (HKDF) from
 * the app secret's generated key, with a label of its own, so the key is not the cursor key and no new secret
 * value is needed (adding a generated key to the secret would regenerate the operator's credentials).
 * Tokens do not expire: a link in an old mail keeps working, and all it can do is turn one kind of mail off.
 */
export class HmacUnsubscribeTokens implements UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(appSecretKey: string) {
    if (appSecretKey.length < 16) throw new Error('The mail link signing key must come from a secret of at least 16 characters');
    this.key = Buffer.from(hkdfSync('sha256', appSecretKey, 'mark0', 'mark0 mail unsubscribe v1', 32));
  }

  issue(userId: string, kind: MailKind): string {
    const subject = `${Buffer.from(userId, 'utf8').toString('base64url')}.${kind}`;
    return `${subject}.${this.sign(subject)}`;
  }

  verify(token: string): { userId: string; kind: MailKind } | undefined {
    const [user, kind, signature, ...rest] = token.split('.');
    if (!user || !kind || !signature || rest.length > 0 || !isMailKind(kind)) return undefined;
    const expected = Buffer.from(this.sign(`${user}.${kind}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const userId = Buffer.from(user, 'base64url').toString('utf8');
    return userId ? { userId, kind } : undefined;
  }

  private sign(subject: string): string {
    return createHmac('sha256', this.key).update(subject).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');
  }
}
