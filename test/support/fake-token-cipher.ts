import type { TokenCipher } from '@lambdas/core/ports/token-cipher';

const PREFIX = 'fake-sealed:';

/**
 * A TokenCipher without cryptography, bound to the user id as the KMS and AES
 * ciphers are: a token sealed for one user does not open for another, and
 * anything it did not seal does not open at all.
 */
export class FakeTokenCipher implements TokenCipher {
  async encrypt(plaintext: string, userId: string): Promise<string> {
    return `${PREFIX}${encodeURIComponent(userId)}:${Buffer.from(plaintext, 'utf8').toString('base64url')}`;
  }

  async decrypt(ciphertext: string, userId: string): Promise<string> {
    const owner = `${PREFIX}${encodeURIComponent(userId)}:`;
    if (!ciphertext.startsWith(owner)) throw new Error('The token was not sealed for this user');
    return Buffer.from(ciphertext.slice(owner.length), 'base64url').toString('utf8');
  }
}
