import { BackupClient, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import type { RestoreValidationReporter, RestoreValidationStatus } from '../../core/ports/restore-test';

/** Reports a restore test's validation to AWS Backup (shown with the restore job; the restored table is deleted after). */
export class BackupValidationReporter implements RestoreValidationReporter {
  constructor(private readonly client: BackupClient = new BackupClient({})) {}

  async report(restoreJobId: string, status: RestoreValidationStatus, message: string): Promise<void> {
    // AWS Backup keeps at most 1,024 characters of the message.
    await this.client.send(new PutRestoreValidationResultCommand({ RestoreJobId: restoreJobId, ValidationStatus: status, ValidationStatusMessage: message.slice(0, 1_000) }));
  }
}
