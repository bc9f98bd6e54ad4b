import { MAX_CONTENT_CHARACTERS, type ContentLength } from '../posts/content-length';

const numbers = new Intl.NumberFormat();

function describe(length: ContentLength): string {
  if (length.state === 'over') return `${numbers.format(-length.remaining)} over the ${numbers.format(MAX_CONTENT_CHARACTERS)}-character limit`;
  if (length.state === 'near') return `${numbers.format(length.remaining)} characters left`;
  return '';
}

interface CharacterCounterProps {
  id: string;
  length: ContentLength;
}

/**
 * "1,234 / 3,000" under the text box, counted the way the API counts. The
 * visible count changes on every key; only crossing into "near" or "over" is
 * announced (a polite live region), so screen readers are not flooded.
 */
export function CharacterCounter({ id, length }: CharacterCounterProps) {
  const warning = describe(length);
  return (
    <div className={`counter counter--${length.state}`} id={id}>
      <span className="counter__value">
        {numbers.format(length.count)} / {numbers.format(MAX_CONTENT_CHARACTERS)}
        <span className="visually-hidden"> characters</span>
      </span>
      <span className="counter__warning" aria-live="polite">
        {length.state === 'over' || length.state === 'near' ? warning : ''}
      </span>
    </div>
  );
}
