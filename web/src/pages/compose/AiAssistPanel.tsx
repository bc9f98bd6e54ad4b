import { useEffect, useId, useState, type FormEvent } from 'react';
import { MAX_VARIANTS } from '@contract/api/ai';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import type { AiUsage, DraftLength } from '../../api/mark-api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Link, PAGES } from '../../navigation/router';
import { measureContent } from '../../posts/content-length';
import { formatClock } from '../../posts/format-time';

/** Tones offered in the panel; the API takes free text, these are a starting point. */
export const TONES = ['Professional', 'Friendly', 'Bold', 'Storytelling', 'Educational'] as const;
const LENGTHS: { value: DraftLength; label: string }[] = [
  { value: 'short', label: 'Short' },
  { value: 'medium', label: 'Medium' },
  { value: 'long', label: 'Long' },
];

interface AiAssistPanelProps {
  /** Whether the composer holds text that "Use this one" would replace. */
  composerHasText: boolean;
  /** Puts a variant in the composer. */
  onUse(content: string): void;
  /** Saves a variant as a draft straight away. */
  onSaveDraft(content: string): Promise<void>;
}

type Generation = { state: 'idle' } | { state: 'busy' } | { state: 'done'; variants: string[] } | { state: 'failed'; error: unknown };

/**
 * Drafts from a topic: tone, length and how many variants; each variant goes
 * into the composer or straight into Drafts in one click. Shows what is left
 * of today's AI quota, and the API's own words when it says no (429 with when
 * to retry, 503 when the AI provider is down).
 */
export function AiAssistPanel({ composerHasText, onUse, onSaveDraft }: AiAssistPanelProps) {
  const { api, config, timeZone, me } = useAccount();
  const id = useId();
  const [topic, setTopic] = useState('');
  const [tone, setTone] = useState<string>(TONES[0]);
  const [length, setLength] = useState<DraftLength>('medium');
  const [variants, setVariants] = useState(2);
  const [generation, setGeneration] = useState<Generation>({ state: 'idle' });
  const [quota, setQuota] = useState<AiUsage>();
  const [saving, setSaving] = useState<number>();
  const [saved, setSaved] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState('');

  // Today's quota before the first generation (the API may not offer usage yet: then the panel just does not show it).
  useEffect(() => {
    let live = true;
    api.usage().then(
      (usage) => live && setQuota((known) => known ?? { used: usage.today.aiGenerations, limit: usage.limits.aiGenerationsPerDay, resetsAt: usage.resetsAt }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, me.userId]);

  const left = quota ? Math.max(0, quota.limit - quota.used) : undefined;
  const topicError = generation.state === 'failed' && generation.error instanceof ApiError ? generation.error.detailFor('topic') : undefined;

  async function generate(event: FormEvent) {
    event.preventDefault();
    if (!topic.trim()) return;
    setGeneration({ state: 'busy' });
    setSaved(new Set());
    setMessage('');
    try {
      const result = await api.generateDrafts({ topic: topic.trim(), tone, length, variants });
      setQuota(result.usage);
      setGeneration({ state: 'done', variants: result.variants.map((v) => v.content) });
      setMessage(result.variants.length === 1 ? '1 draft ready.' : `${result.variants.length} drafts ready.`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'AI_QUOTA_EXCEEDED' && quota) setQuota({ ...quota, used: quota.limit });
      setGeneration({ state: 'failed', error });
    }
  }

  async function save(index: number, content: string) {
    setSaving(index);
    try {
      await onSaveDraft(content);
      setSaved((known) => new Set(known).add(index));
      setMessage(`Variant ${index + 1} saved to your drafts.`);
    } catch (error) {
      setGeneration({ state: 'failed', error });
    } finally {
      setSaving(undefined);
    }
  }

  return (
    <section className="panel ai" aria-labelledby={`${id}-title`}>
      <div className="ai__header">
        <h2 id={`${id}-title`} className="panel__title">
          Write with AI
        </h2>
        {config.sandbox.openai && (
          <span className="badge badge--sandbox" title="Drafts come from a local stand-in for OpenAI, not from a real model.">
            Sandbox AI
          </span>
        )}
      </div>
      {quota && (
        <p className="hint" data-testid="ai-quota">
          {left === 0
            ? `You have used today’s ${quota.limit} AI drafts. More at ${formatClock(quota.resetsAt, timeZone)}.`
            : `${left} of ${quota.limit} AI drafts left today (resets at ${formatClock(quota.resetsAt, timeZone)}).`}
        </p>
      )}
      <form className="ai__form" onSubmit={(event) => void generate(event)}>
        <div className="ai__topic">
          <label htmlFor={`${id}-topic`}>Topic</label>
          <textarea
            dir="auto"
            id={`${id}-topic`}
            className="editor__text editor__text--short"
            value={topic}
            onChange={(event) => setTopic(event.target.value)}
            rows={2}
            required
            placeholder="e.g. What shipping every week taught our team"
            aria-invalid={topicError !== undefined}
            aria-describedby={topicError ? `${id}-topic-error` : undefined}
          />
          {topicError && (
            <p className="editor__field-error" id={`${id}-topic-error`}>
              {topicError}
            </p>
          )}
        </div>
        <div className="ai__options">
          <div>
            <label htmlFor={`${id}-tone`}>Tone</label>
            <select id={`${id}-tone`} value={tone} onChange={(event) => setTone(event.target.value)}>
              {TONES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </div>
          <fieldset className="ai__length">
            <legend>Length</legend>
            <div className="segmented">
              {LENGTHS.map((option) => (
                <label key={option.value} className="segmented__option">
                  <input type="radio" name={`${id}-length`} value={option.value} checked={length === option.value} onChange={() => setLength(option.value)} />
                  <span>{option.label}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <label htmlFor={`${id}-variants`}>Variants</label>
            <select id={`${id}-variants`} value={variants} onChange={(event) => setVariants(Number(event.target.value))}>
              {Array.from({ length: MAX_VARIANTS }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="editor__actions">
          <button type="submit" className="button button--primary" disabled={generation.state === 'busy' || !topic.trim() || left === 0}>
            {generation.state === 'busy' ? 'Writing drafts…' : 'Generate drafts'}
          </button>
          <Link to={PAGES.settings.path} className="button button--quiet">
            Voice profile
          </Link>
        </div>
      </form>
      <p className="flash" role="status">
        {message}
      </p>
      {generation.state === 'failed' && <ErrorNotice error={generation.error} />}
      {generation.state === 'done' && (
        <ol className="variants" aria-label="AI drafts">
          {generation.variants.map((content, index) => (
            <li key={index} className="variant">
              <article aria-label={`Variant ${index + 1}`}>
                <h3 className="variant__title">Variant {index + 1}</h3>
                <p className="variant__text" dir="auto">{content}</p>
                <p className="variant__count hint">{measureContent(content).count.toLocaleString()} characters</p>
                <div className="editor__actions">
                  <button type="button" className="button button--primary" onClick={() => onUse(content)}>
                    {composerHasText ? 'Replace my text with this' : 'Use this one'}
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => void save(index, content)} disabled={saving !== undefined || saved.has(index)}>
                    {saved.has(index) ? 'Saved as draft' : saving === index ? 'Saving…' : 'Save as draft'}
                  </button>
                </div>
              </article>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
