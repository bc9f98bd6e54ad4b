import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** Bytes of HMAC-SHA256 a link keeps: 128 bits, out of reach of guessing, short enough for a URL. */
const SIGNATURE_BYTES = 16;

/**
 * Signs the subject of a link that works without a session (unsubscribe, an export's file download): HMAC-SHA256
 * under a key derived (HKDF) from the app secret's generated key with a label of its own, so each kind of link has
 * its own key, none is the cursor key, and no new secret value is needed (adding a generated key to the secret would
 * regenerate the operator's credentials).
 */
export class HmacLinkSigner {
  private readonly key: Buffer;

  constructor(appSecretKey: string, label: string) {
    if (appSecretKey.length < 16) throw new Error('The link signing key must come from a secret of at least 16 characters');
    this.key = Buffer.from(hkdfSync('sha256', appSecretKey, 'mark0', label, 32));
  }

  sign(subject: string): string {
    return createHmac('sha256', this.key).update(subject).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');
  }

  /** Whether `signature` is this key's signature of `subject` (compared in constant time). */
  matches(subject: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(subject));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
