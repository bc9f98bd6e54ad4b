/**
 * A keyed hash of an email address (HMAC-SHA256 over the trimmed, lower-cased
 * address): the deletion record keeps this, never the email, so the operator
 * can confirm a deletion to the person who names the address, and nobody can
 * read addresses out of the records.
 */
export interface EmailFingerprint {
  of(email: string): string;
}
