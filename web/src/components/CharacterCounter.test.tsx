import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { measureContent } from '../posts/content-length';
import { CharacterCounter } from './CharacterCounter';

const counterText = (container: HTMLElement) => container.querySelector('.counter__value')!.textContent;

describe('CharacterCounter', () => {
  it('shows the count against 3,000', () => {
    const { container } = render(<CharacterCounter id="c" length={measureContent('Hello 👋')} />);
    expect(counterText(container)).toBe('7 / 3,000 characters');
    expect(container.querySelector('.counter__warning')!.textContent).toBe('');
  });

  it('says how many are left near the limit, in a polite live region', () => {
    render(<CharacterCounter id="c" length={measureContent('x'.repeat(2950))} />);
    const warning = screen.getByText('50 characters left');
    expect(warning.getAttribute('aria-live')).toBe('polite');
  });

  it('says how far over the limit the text is', () => {
    const { container } = render(<CharacterCounter id="c" length={measureContent('x'.repeat(3012))} />);
    expect(screen.getByText('12 over the 3,000-character limit')).toBeTruthy();
    expect(container.firstElementChild!.className).toContain('counter--over');
  });
});
