import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Use of the LinkedIn token key, one direction per function: the LinkedIn
 * callback may only encrypt, the publisher may only decrypt, nothing else may do
 * either. Every call must name the user in its encryption context (the adapter,
 * lambdas/adapters/aws/kms-token-cipher.ts, always does), so a ciphertext only
 * opens for the user it was made for, and CloudTrail says whose token it was.
 *
 * A statement on the function's role (the key policy delegates to IAM), not
 * `key.grantEncrypt()`, which would add ReEncrypt* and GenerateDataKey* too.
 */
export function grantTokenKey(key: kms.IKey, grantee: iam.IGrantable, use: 'encrypt' | 'decrypt'): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [use === 'encrypt' ? 'kms:Encrypt' : 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: {
        StringEquals: { 'kms:EncryptionContext:purpose': 'linkedin-access-token' },
        Null: { 'kms:EncryptionContext:userId': 'false' },
      },
    }),
  );
}
