import { useState } from 'react';
import { isMailKind, MAIL_KIND_LABELS, UNSUBSCRIBE_API_PATH, type UnsubscribeView } from '@contract/api/notifications';
import { ApiError, parseErrorResponse } from '../../api/api-error';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { RuntimeConfig } from '../../config/runtime-config';

type State = { step: 'ask' } | { step: 'sending' } | { step: 'done'; result: UnsubscribeView } | { step: 'failed'; error: unknown };

/**
 * Where a mail's "Stop these mails" link lands: no sign-in, one button. The token in the address names the
 * user and the kind of mail; the page asks before anything changes (link scanners open links too), then POSTs
 * it to the API, which turns that one kind off.
 */
export function UnsubscribePage({ config, fetchImpl, search }: { config: RuntimeConfig; fetchImpl: typeof fetch; search: string }) {
  const token = new URLSearchParams(search).get('token') ?? '';
  const kind = token.split('.')[1];
  const label = isMailKind(kind) ? MAIL_KIND_LABELS[kind] : undefined;
  const [state, setState] = useState<State>({ step: 'ask' });

  async function unsubscribe() {
    setState({ step: 'sending' });
    try {
      const response = await fetchImpl(`${config.apiUrl}${UNSUBSCRIBE_API_PATH}?token=${encodeURIComponent(token)}`, { method: 'POST' });
      if (!response.ok) throw await parseErrorResponse(response);
      setState({ step: 'done', result: (await response.json()) as UnsubscribeView });
    } catch (error) {
      setState({ step: 'failed', error: error instanceof ApiError ? error : new ApiError(0, 'NETWORK_ERROR', 'Mark.0 could not be reached. Check your connection and try again.') });
    }
  }

  return (
    <main id="main" className="panel unsubscribe">
      <h1 className="page__title">Mark.0 e-mail</h1>
      {!token || !label ? (
        <p>This link is incomplete. Open it again from the mail, or turn mails off in Mark.0’s Settings.</p>
      ) : state.step === 'done' ? (
        <p role="status">
          Done: you will get no more “{state.result.label}” mails. Other mails are unchanged; all of them can be turned on or off in{' '}
          <a href="/settings#notifications">Settings</a>.
        </p>
      ) : (
        <>
          <p>Stop the mails about “{label}”? Other kinds of mail are not affected.</p>
          <button type="button" className="button button--primary" onClick={() => void unsubscribe()} disabled={state.step === 'sending'}>
            {state.step === 'sending' ? 'Unsubscribing…' : 'Unsubscribe'}
          </button>
          {state.step === 'failed' && <ErrorNotice error={state.error} />}
        </>
      )}
    </main>
  );
}
