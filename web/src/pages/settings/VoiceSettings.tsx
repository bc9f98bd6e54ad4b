import { useId, useState, type FormEvent } from 'react';
import { VOICE_LIMITS } from '@contract/api/ai';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import type { Voice } from '../../api/mark-api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ActionOutcome, useAction } from '../../requests/use-action';
import { useLoaded } from '../../requests/use-loaded';

/** How AI drafts should sound: a style description and example posts (GET/PUT /v1/me/voice). */
export function VoiceSettings() {
  const { api } = useAccount();
  const id = useId();
  const [edited, setEdited] = useState<Voice>();
  const loaded = useLoaded(() => api.getVoice(), [api]);
  const action = useAction();
  // The form edits a copy of what was loaded; an empty example box invites the first one.
  const voice = edited ?? (loaded.value && { styleProfile: loaded.value.styleProfile, examples: loaded.value.examples.length ? loaded.value.examples : [''] });
  const setVoice = setEdited;
  const loadError = loaded.error;

  function save(event: FormEvent) {
    event.preventDefault();
    if (!voice) return;
    void action.run(async () => {
      const stored = await api.putVoice({ styleProfile: voice.styleProfile?.trim() || null, examples: voice.examples.map((e) => e.trim()).filter(Boolean) });
      setVoice({ styleProfile: stored.styleProfile, examples: stored.examples.length ? stored.examples : [''] });
      return 'Voice saved. New AI drafts will use it.';
    });
  }

  const detail = (field: string) => (action.error instanceof ApiError ? action.error.detailFor(field) : undefined);
  const unavailable = loadError instanceof ApiError && loadError.status === 404;

  return (
    <section className="panel settings__section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        Your voice
      </h2>
      {unavailable ? (
        <p className="muted">AI drafting is not available on this server yet.</p>
      ) : loadError !== undefined ? (
        <ErrorNotice error={loadError} />
      ) : !voice ? (
        <p className="muted">Loading…</p>
      ) : (
        <form onSubmit={save}>
          <label htmlFor={`${id}-style`}>How you write</label>
          <textarea
            dir="auto"
            id={`${id}-style`}
            className="editor__text editor__text--short"
            rows={3}
            value={voice.styleProfile ?? ''}
            onChange={(event) => setVoice({ ...voice, styleProfile: event.target.value })}
            placeholder="e.g. Plain words, short sentences, one idea per post, no hashtags, ends with a question."
            maxLength={VOICE_LIMITS.styleProfileCharacters}
            aria-invalid={detail('styleProfile') !== undefined}
            aria-describedby={detail('styleProfile') ? `${id}-style-error` : undefined}
          />
          {detail('styleProfile') && (
            <p className="editor__field-error" id={`${id}-style-error`}>
              {detail('styleProfile')}
            </p>
          )}
          <fieldset className="voice__examples">
            <legend>Posts of yours that sound right</legend>
            {voice.examples.map((example, index) => (
              <div key={index} className="voice__example">
                <label htmlFor={`${id}-example-${index}`}>Example {index + 1}</label>
                <textarea
                  dir="auto"
                  id={`${id}-example-${index}`}
                  className="editor__text editor__text--short"
                  rows={3}
                  value={example}
                  onChange={(event) => setVoice({ ...voice, examples: voice.examples.map((e, i) => (i === index ? event.target.value : e)) })}
                  aria-invalid={detail(`examples.${index}`) !== undefined}
                />
                {detail(`examples.${index}`) && <p className="editor__field-error">{detail(`examples.${index}`)}</p>}
                {voice.examples.length > 1 && (
                  <button type="button" className="link-button" onClick={() => setVoice({ ...voice, examples: voice.examples.filter((_, i) => i !== index) })}>
                    Remove example {index + 1}
                  </button>
                )}
              </div>
            ))}
            {voice.examples.length < VOICE_LIMITS.examples && (
              <button type="button" className="button button--quiet" onClick={() => setVoice({ ...voice, examples: [...voice.examples, ''] })}>
                Add an example
              </button>
            )}
          </fieldset>
          <div className="settings__actions">
            <button type="submit" className="button button--primary" disabled={action.busy}>
              {action.busy ? 'Saving…' : 'Save voice'}
            </button>
          </div>
        </form>
      )}
      <ActionOutcome action={action} />
    </section>
  );
}
