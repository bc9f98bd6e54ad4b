/**
 * Encrypts LinkedIn access tokens at rest. Each ciphertext is bound to its
 * user id (KMS encryption context / AES-GCM additional data): a token copied
 * onto another user's item does not decrypt.
 */
export interface TokenCipher {
  encrypt(plaintext: string, userId: string): Promise<string>;
  decrypt(ciphertext: string, userId: string): Promise<string>;
}
