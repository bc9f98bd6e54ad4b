import { createHmac } from 'node:crypto';
import type { EmailFingerprint } from '../core/ports/email-fingerprint';

/** What the app secret's key is turned into for this one purpose (a change of purpose string is a change of key). */
const PURPOSE = 'mark0/deletion-record/email/v1';

/**
 * HMAC-SHA256 of the trimmed, lower-cased email, hex. The key is derived from
 * the app secret's CURSOR_SIGNING_KEY (HMAC of a purpose string), so there is
 * no second secret to generate, store or pay for; the hash says nothing about
 * the address to whoever reads the table without the secret. Rotating that
 * key means records made before can only be matched with the old one (keep it
 * with the operator's papers).
 */
export class HmacEmailFingerprint implements EmailFingerprint {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (secret.length < 16) throw new Error('The email fingerprint key must come from a secret of at least 16 characters');
    this.key = createHmac('sha256', secret).update(PURPOSE).digest();
  }

  of(email: string): string {
    return createHmac('sha256', this.key).update(email.trim().toLowerCase()).digest('hex');
  }
}
