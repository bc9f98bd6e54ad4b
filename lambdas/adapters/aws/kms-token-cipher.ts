import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { TokenCipher } from '../../core/ports/token-cipher';

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
    private readonly kms: KMSClient,
    private readonly keyArn: string,
  ) {}

  async encrypt(plaintext: string, userId: string): Promise<string> {
    const { CiphertextBlob } = await this.kms.send(
      new EncryptCommand({ KeyId: this.keyArn, Plaintext: new TextEncoder().encode(plaintext), EncryptionContext: context(userId) }),
    );
    if (!CiphertextBlob) throw new Error('KMS returned no ciphertext');
    return PREFIX + Buffer.from(CiphertextBlob).toString('base64');
  }

  async decrypt(ciphertext: string, userId: string): Promise<string> {
    if (!ciphertext.startsWith(PREFIX)) throw new Error('Not a KMS-encrypted token');
    const { Plaintext } = await this.kms.send(
      new DecryptCommand({
        KeyId: this.keyArn,
        CiphertextBlob: Buffer.from(ciphertext.slice(PREFIX.length), 'base64'),
        EncryptionContext: context(userId),
      }),
    );
    if (!Plaintext) throw new Error('KMS returned no plaintext');
    return new TextDecoder().decode(Plaintext);
  }
}

function context(userId: string): Record<string, string> {
  return { purpose: 'linkedin-access-token', userId };
}
