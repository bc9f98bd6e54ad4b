import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../core/errors';

/**
 * Opaque, tamper-proof page cursors: base64url(JSON) + "." + HMAC-SHA256 over
 * the payload *and* a binding (the user id and the query). A cursor edited by
 * hand, or replayed by another user or on another query, fails verification and
 * is a 400 — it can never reach someone else's partition.
 */
export class CursorCodec {
  constructor(private readonly key: string) {
    if (key.length < 16) throw new Error('Cursor signing key must be at least 16 characters');
  }

  encode(position: unknown, binding: string): string {
    const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
    return `${payload}.${this.sign(payload, binding)}`;
  }

  decode<T>(cursor: string, binding: string): T {
    const [payload, signature, ...rest] = cursor.split('.');
    if (!payload || !signature || rest.length > 0) throw invalidCursor();
    const expected = Buffer.from(this.sign(payload, binding));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalidCursor();
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T;
    } catch {
      throw invalidCursor();
    }
  }

  private sign(payload: string, binding: string): string {
    return createHmac('sha256', this.key).update(binding).update('\n').update(payload).digest('base64url');
  }
}

function invalidCursor(): ValidationError {
  return new ValidationError('The cursor is not valid for this list; ask for the first page again (without cursor).', [
    { field: 'cursor', message: 'is not valid for this list' },
  ]);
}
