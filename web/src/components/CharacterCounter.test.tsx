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

  it('says how far over LinkedIn\'s limit a draft is, and that it can still be saved', () => {
    const { container } = render(<CharacterCounter id="c" length={measureContent('x'.repeat(3012))} />);
    expect(
      screen.getByText("12 over LinkedIn's 3,000-character limit: you can save it as a draft, and schedule or publish it once it fits"),
    ).toBeTruthy();
    expect(container.firstElementChild!.className).toContain('counter--over');
  });

  it('tells a scheduled post over the limit to shorten or unschedule it', () => {
    render(<CharacterCounter id="c" length={measureContent('x'.repeat(3012))} mustFit />);
    expect(
      screen.getByText("12 over LinkedIn's 3,000-character limit: a scheduled post must fit, so shorten it, or unschedule it to keep a longer draft"),
    ).toBeTruthy();
  });

  it('says how far past what a draft can hold the text is', () => {
    const { container } = render(<CharacterCounter id="c" length={measureContent('x'.repeat(10_005))} />);
    expect(screen.getByText('5 over the 10,000 characters a draft can hold')).toBeTruthy();
    expect(container.firstElementChild!.className).toContain('counter--too-long');
  });
});
