import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { TokenCipher } from '../../core/ports/token-cipher';

const PREFIX = 'aesgcm:v1:';

/**
 * The local twin of the KMS cipher: AES-256-GCM with a key kept in a file
 * beside the local data (git-ignored, mode 0600), or only in memory (tests).
 * The user id is authenticated additional data, as KMS's encryption context
 * is: a token moved to another user's item fails to decrypt.
 */
export class AesTokenCipher implements TokenCipher {
  private constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The token key must be 32 bytes (AES-256)');
  }

  /** Loads the key from `file`, creating it (random) on first use. */
  static fromKeyFile(file: string): AesTokenCipher {
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
    return new AesTokenCipher(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
  }

  static inMemory(): AesTokenCipher {
    return new AesTokenCipher(randomBytes(32));
  }

  async encrypt(plaintext: string, userId: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aad(userId));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${sealed.toString('base64url')}`;
  }

  async decrypt(ciphertext: string, userId: string): Promise<string> {
    if (!ciphertext.startsWith(PREFIX)) throw new Error('Not a locally encrypted token');
    const [iv, tag, sealed] = ciphertext.slice(PREFIX.length).split('.');
    if (!iv || !tag || sealed === undefined) throw new Error('Malformed encrypted token');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(userId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  }
}

function aad(userId: string): Buffer {
  return Buffer.from(`linkedin-access-token|${userId}`, 'utf8');
}
