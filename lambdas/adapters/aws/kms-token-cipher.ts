import type { TokenCipher } from '../../core/ports/token-cipher';
import type { AwsApi } from './aws-api';

const PREFIX = 'kms:v1:';

/**
 * Access tokens encrypted by KMS directly (a token is well under KMS's 4 KB
 * limit, so no data key is needed). The encryption context carries the user id:
 * KMS refuses to decrypt a ciphertext under any other user's id, and CloudTrail
 * records whose token each call was for. Only the callback may encrypt and only
 * the publisher may decrypt (IAM, lib/stacks).
 */
export class KmsTokenCipher implements TokenCipher {
  constructor(
    private readonly kms: Pick<AwsApi, 'json'>,
    private readonly keyArn: string,
  ) {}

  async encrypt(plaintext: string, userId: string): Promise<string> {
    // KMS's JSON protocol carries blobs as base64.
    const { CiphertextBlob } = await this.kms.json<{ CiphertextBlob?: string }>('TrentService', '1.1', 'Encrypt', {
      KeyId: this.keyArn,
      Plaintext: Buffer.from(plaintext, 'utf8').toString('base64'),
      EncryptionContext: context(userId),
    });
    if (!CiphertextBlob) throw new Error('KMS returned no ciphertext');
    return PREFIX + CiphertextBlob;
  }

  async decrypt(ciphertext: string, userId: string): Promise<string> {
    if (!ciphertext.startsWith(PREFIX)) throw new Error('Not a KMS-encrypted token');
    const { Plaintext } = await this.kms.json<{ Plaintext?: string }>('TrentService', '1.1', 'Decrypt', {
      KeyId: this.keyArn,
      CiphertextBlob: ciphertext.slice(PREFIX.length),
      EncryptionContext: context(userId),
    });
    if (!Plaintext) throw new Error('KMS returned no plaintext');
    return Buffer.from(Plaintext, 'base64').toString('utf8');
  }
}

function context(userId: string): Record<string, string> {
  return { purpose: 'linkedin-access-token', userId };
}
