import { MAX_CONTENT_CHARACTERS, MAX_DRAFT_CHARACTERS, type ContentLength } from '../posts/content-length';

const numbers = new Intl.NumberFormat();

function describe(length: ContentLength, mustFit: boolean): string {
  if (length.state === 'too-long') return `${numbers.format(length.count - MAX_DRAFT_CHARACTERS)} over the ${numbers.format(MAX_DRAFT_CHARACTERS)} characters a draft can hold`;
  if (length.state === 'over') {
    const over = `${numbers.format(-length.remaining)} over LinkedIn's ${numbers.format(MAX_CONTENT_CHARACTERS)}-character limit`;
    return mustFit ? `${over}: a scheduled post must fit, so shorten it, or unschedule it to keep a longer draft` : `${over}: you can save it as a draft, and schedule or publish it once it fits`;
  }
  if (length.state === 'near') return `${numbers.format(length.remaining)} characters left`;
  return '';
}

interface CharacterCounterProps {
  id: string;
  length: ContentLength;
  /** The post is on its way (scheduled, waiting): it must stay within LinkedIn's limit, even to be saved. */
  mustFit?: boolean;
}

/**
 * "1,234 / 3,000" under the text box, counted the way the API counts. The
 * visible count changes on every key; only crossing into "near" or "over" is
 * announced (a polite live region), so screen readers are not flooded.
 */
export function CharacterCounter({ id, length, mustFit = false }: CharacterCounterProps) {
  const warning = describe(length, mustFit);
  return (
    <div className={`counter counter--${length.state}`} id={id}>
      <span className="counter__value">
        {numbers.format(length.count)} / {numbers.format(MAX_CONTENT_CHARACTERS)}
        <span className="visually-hidden"> characters</span>
      </span>
      <span className="counter__warning" aria-live="polite">
        {warning}
      </span>
    </div>
  );
}
