import { describe, expect, it } from 'vitest';
import { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { ValidationError } from '@lambdas/core/errors';

const codec = new CursorCodec('a-signing-key-of-enough-length');
const key = { PK: 'USER#u1', SK: 'POST#01ARZ3NDEKTSV4RRFFQ69G5FAV' };

describe('CursorCodec', () => {
  it('round-trips a position for the same binding', () => {
    expect(codec.decode(codec.encode(key, 'u1|*'), 'u1|*')).toEqual(key);
  });

  it('refuses another binding, an edited payload, a truncated signature or another key', () => {
    const cursor = codec.encode(key, 'u1|*');
    expect(() => codec.decode(cursor, 'u2|*')).toThrow(ValidationError);
    const [payload, signature] = cursor.split('.');
    const edited = Buffer.from(JSON.stringify({ ...key, PK: 'USER#u2' })).toString('base64url');
    expect(() => codec.decode(`${edited}.${signature}`, 'u1|*')).toThrow(ValidationError);
    expect(() => codec.decode(`${payload}.${signature!.slice(0, -1)}`, 'u1|*')).toThrow(ValidationError);
    expect(() => new CursorCodec('another-signing-key-entirely').decode(cursor, 'u1|*')).toThrow(ValidationError);
    expect(() => codec.decode('garbage', 'u1|*')).toThrow(ValidationError);
  });

  it('refuses a short signing key at construction', () => {
    expect(() => new CursorCodec('short')).toThrow(/at least 16/);
  });
});
