import { useId, useState, type FormEvent } from 'react';
import { LINKEDIN_POSTS_STAY } from '@contract/api/account';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import { ActionOutcome, useAction } from '../../requests/use-action';
import { isCompleteExport, saveFile } from './save-file';

/**
 * Your data: "Download my data" (GET /v1/me/export, saved as a JSON file) and
 * "Delete my account" (DELETE /v1/me), which asks for the account's email
 * typed out, and says first that posts already on LinkedIn stay there.
 */
export function YourDataSettings() {
  const { api, me, now, accountDeleted } = useAccount();
  const id = useId();
  const download = useAction();
  const deletion = useAction();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const matches = typed.trim().toLowerCase() === me.email.toLowerCase();

  function downloadData() {
    void download.run(async () => {
      const file = await api.exportData();
      if (!(await isCompleteExport(file))) throw new Error('The download broke off before the end. Try again.');
      saveFile(file, `mark0-export-${now().toISOString().slice(0, 10)}.json`);
      return `Downloaded: everything Mark.0 stores about you (${formatSize(file.size)}).`;
    });
  }

  function deleteAccount(event: FormEvent) {
    event.preventDefault();
    if (!matches) return;
    void deletion.run(async () => {
      await api.deleteAccount(typed);
      accountDeleted();
      return 'Your account is deleted.';
    });
  }

  const confirmError = deletion.error instanceof ApiError ? deletion.error.detailFor('confirm') : undefined;
  return (
    <section className="panel settings__section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        Your data
      </h2>
      <p>A copy of everything Mark.0 stores about you: your account, posts in every state, your files (with a link to each that works for a day), the LinkedIn connection (never its key), your voice, mails, usage and activity.</p>
      <div className="settings__actions">
        <button type="button" className="button button--secondary" onClick={downloadData} disabled={download.busy}>
          {download.busy ? 'Preparing your file…' : 'Download my data'}
        </button>
      </div>
      <ActionOutcome action={download} />

      <h3 className="settings__subtitle">Delete my account</h3>
      {!confirming ? (
        <>
          <p>Deletes your account and everything Mark.0 stores about you: posts, schedules, your files, the LinkedIn connection, your voice and usage. It cannot be undone.</p>
          <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
            Delete my account…
          </button>
        </>
      ) : (
        <form className="danger-zone" onSubmit={deleteAccount} aria-describedby={`${id}-linkedin`}>
          <p id={`${id}-linkedin`} className="notice notice--warning">
            {LINKEDIN_POSTS_STAY}
          </p>
          <label htmlFor={`${id}-confirm`}>
            Type your email address, <strong>{me.email}</strong>, to confirm
          </label>
          <input
            id={`${id}-confirm`}
            type="email"
            autoComplete="off"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            aria-invalid={confirmError !== undefined}
          />
          <div className="settings__actions">
            <button type="submit" className="button button--danger" disabled={!matches || deletion.busy}>
              {deletion.busy ? 'Deleting…' : 'Delete my account and all my data'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setConfirming(false);
                setTyped('');
              }}
              disabled={deletion.busy}
            >
              Keep my account
            </button>
          </div>
          <ActionOutcome action={deletion} />
        </form>
      )}
    </section>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
