import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IdentityDirectory } from '../../core/ports/identity-directory';

/**
 * The local twin of Cognito's user directory: which subject (`sub`, the user
 * id) each email signs in as. Like Cognito, a subject is minted once, at the
 * email's first sign-in, at random (never derived from the email), and deleting
 * the identity frees the email: its next sign-in is a brand-new user. Kept in a
 * JSON file in the data directory (or in memory without one).
 */
export class LocalIdentityStore implements IdentityDirectory {
  private constructor(
    private readonly file: string | undefined,
    private readonly subjects: Map<string, string>,
  ) {}

  static open(file?: string): LocalIdentityStore {
    const subjects = new Map<string, string>();
    if (file && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { identities?: Record<string, string> };
      for (const [email, sub] of Object.entries(saved.identities ?? {})) subjects.set(email, sub);
    }
    return new LocalIdentityStore(file, subjects);
  }

  /** The email's subject; a new one on its first sign-in (`adopt`: an existing id to take instead, for accounts made before the store). */
  subjectFor(email: string, adopt?: string): string {
    const key = email.trim().toLowerCase();
    let sub = this.subjects.get(key);
    if (!sub) {
      sub = adopt ?? `local-${randomUUID()}`;
      this.subjects.set(key, sub);
      this.save();
    }
    return sub;
  }

  /** The subject an email signs in as now, if it has one. */
  existingSubject(email: string): string | undefined {
    return this.subjects.get(email.trim().toLowerCase());
  }

  async deleteIdentity(userId: string): Promise<void> {
    let changed = false;
    for (const [email, sub] of this.subjects) {
      if (sub !== userId) continue;
      this.subjects.delete(email);
      changed = true;
    }
    if (changed) this.save();
  }

  private save(): void {
    if (!this.file) return;
    // Written aside and renamed: a crash never leaves half a file.
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify({ identities: Object.fromEntries(this.subjects) }, null, 2), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
