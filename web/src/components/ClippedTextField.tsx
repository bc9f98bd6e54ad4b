import { useId, useState, type ComponentProps, type ReactNode } from 'react';
import { clipCharacters } from '@contract/api/posts';

interface ClippedTextFieldProps extends Omit<ComponentProps<'input'>, 'value' | 'onChange' | 'id' | 'type'> {
  label: ReactNode;
  value: string;
  /** LinkedIn's limit for this field, in characters (an emoji counts once). */
  max: number;
  onChange(value: string): void;
  /** Around the label, the field and the note. */
  className?: string;
}

/**
 * A one-line field held to one of LinkedIn's limits: what goes past it (a long
 * paste, mostly) is cut as it comes in, and the field says so under it, so the
 * end of a pasted question or alt text is never dropped without a word.
 */
export function ClippedTextField({ label, value, max, onChange, className, ...input }: ClippedTextFieldProps) {
  const id = useId();
  const [cut, setCut] = useState(false);
  const describedBy = [input['aria-describedby'], cut ? `${id}-cut` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <input
        dir="auto"
        {...input}
        id={id}
        type="text"
        value={value}
        aria-describedby={describedBy}
        onChange={(event) => {
          const clipped = clipCharacters(event.target.value, max);
          setCut(clipped !== event.target.value);
          onChange(clipped);
        }}
      />
      {cut && (
        <p className="field-cut" id={`${id}-cut`} role="status">
          Cut to {max} characters: LinkedIn takes no more here.
        </p>
      )}
    </div>
  );
}
