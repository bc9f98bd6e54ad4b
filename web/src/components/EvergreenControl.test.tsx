import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderSignedIn } from '../test/account-harness';
import { FakeApi } from '../test/fake-api';
import { EvergreenControl } from './EvergreenControl';

const NOW = new Date('2026-03-28T10:00:00Z');

function setup() {
  const api = new FakeApi(undefined, () => NOW);
  const [post] = api.seed(1, 'published', { publishedAt: '2026-03-20T09:00:00Z' });
  renderSignedIn(<EvergreenControl post={post!} onChanged={() => undefined} />, { api });
  fireEvent.click(screen.getByRole('button', { name: 'Make evergreen' }));
  const gap = screen.getByLabelText('At most every (days)') as HTMLInputElement;
  const submit = () => fireEvent.click(screen.getAllByRole('button', { name: 'Make evergreen' }).at(-1)!);
  return { api, post: post!, gap, submit };
}

describe('EvergreenControl', () => {
  it.each([
    ['3', 'A post can come back at most once a week: enter 7 days or more.'],
    ['', 'Enter a number of days, from 7 to 365.'],
    ['7.5', 'Enter a whole number of days, from 7 to 365.'],
    ['400', 'Enter 365 days or fewer (a year).'],
  ])('refuses a gap of "%s" days in the form, in plain words, without calling the API', (typed, words) => {
    const { api, gap, submit } = setup();
    fireEvent.change(gap, { target: { value: typed } });
    submit();
    expect(screen.getByRole('alert').textContent).toBe(words);
    expect(gap.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(gap);
    expect(api.queue.calls).toEqual([]);
    expect(screen.queryByText(/Invalid request body/)).toBeNull();
  });

  it('sends a gap within the bounds, and a corrected one once the problem is fixed', async () => {
    const { api, post, gap, submit } = setup();
    fireEvent.change(gap, { target: { value: '6' } });
    submit();
    expect(screen.getByRole('alert')).toBeTruthy();
    fireEvent.change(gap, { target: { value: '7' } });
    expect(screen.queryByRole('alert')).toBeNull();
    submit();
    await waitFor(() => expect(api.queue.calls).toEqual([`setEvergreen ${post.id} 7 approve`]));
  });
});
