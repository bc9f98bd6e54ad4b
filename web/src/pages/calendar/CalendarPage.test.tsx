import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { CalendarPage } from './CalendarPage';

// Wednesday 25 March 2026, 11:00 in Paris; the clocks go forward on Sunday the 29th.
const NOW = new Date('2026-03-25T10:00:00Z');

function setup(view: 'week' | 'month' = 'week') {
  const api = new FakeApi(undefined, () => NOW);
  api.user.timezone = 'Europe/Paris';
  api.connect();
  const [scheduled] = api.seed(1, 'scheduled', { content: 'Friday thoughts', scheduledAt: '2026-03-27T08:15:00.000Z' });
  api.seed(1, 'published', {
    content: 'Already out',
    publishedAt: '2026-03-24T07:30:00.000Z',
    linkedinUrn: 'urn:li:share:1',
    linkedinUrl: 'https://www.linkedin.com/feed/update/urn:li:share:1',
  });
  api.seed(1, 'scheduled', { content: 'Next month', scheduledAt: '2026-04-02T08:00:00.000Z' });
  window.history.replaceState(null, '', `/calendar?view=${view}`);
  const rendered = renderSignedIn(<CalendarPage />, { api });
  const cell = (slot: string) => rendered.container.querySelector<HTMLElement>(`[data-slot="${slot}"]`)!;
  return { ...rendered, api, post: scheduled!, cell };
}

const chip = (name: RegExp) => screen.getByRole('button', { name });

describe('CalendarPage', () => {
  it("shows the week's scheduled and published posts in their hour, in the user's time zone", async () => {
    const { api, cell } = setup('week');
    await waitFor(() => expect(within(cell('2026-03-27T09')).getByRole('button', { name: /^Scheduled 9:15 AM: Friday thoughts/ })).toBeTruthy());
    const published = within(cell('2026-03-24T08')).getByRole('link', { name: /^Published 8:30 AM: Already out/ });
    expect(published.getAttribute('href')).toBe('https://www.linkedin.com/feed/update/urn:li:share:1');
    expect(screen.queryByText('Next month')).toBeNull();
    // Monday 00:00 CET to the next Monday 00:00 CEST.
    expect(api.calls).toContain('list scheduled - 2026-03-22T23:00:00.000Z..2026-03-29T22:00:00.000Z');
    expect(api.calls).toContain('list published - 2026-03-22T23:00:00.000Z..2026-03-29T22:00:00.000Z');
    expect(window.location.search).toBe('?view=week&date=2026-03-25');
  });

  it('moves a post with the keyboard: select, arrows, Enter; the wall-clock minute is kept', async () => {
    const { api, post, cell } = setup('week');
    const friday = await waitFor(() => chip(/^Scheduled 9:15 AM: Friday thoughts/));
    fireEvent.click(friday);
    expect(screen.getByText(/^Moving “Friday thoughts”\. Use the arrow keys/)).toBeTruthy();
    fireEvent.keyDown(friday, { key: 'ArrowRight' });
    fireEvent.keyDown(friday, { key: 'ArrowDown' });
    expect(screen.getByRole('status').textContent).toBe('Move to Saturday, March 28, 10:00 AM?');
    expect(cell('2026-03-28T10').className).toContain('calendar__cell--target');
    fireEvent.keyDown(friday, { key: 'Enter' });
    await waitFor(() => expect(within(cell('2026-03-28T10')).getByRole('button', { name: /^Scheduled 10:15 AM: Friday thoughts/ })).toBeTruthy());
    expect(api.calls).toContain(`schedule ${post.id} 2026-03-28T10:15:00+01:00`);
    expect(screen.getByRole('status').textContent).toMatch(/^Rescheduled for /);
    // Focus follows the post to its new slot.
    expect(document.activeElement).toBe(chip(/^Scheduled 10:15 AM: Friday thoughts/));
  });

  it('cancels a keyboard move with Escape and keeps moves inside the week on screen', async () => {
    const { api } = setup('week');
    const friday = await waitFor(() => chip(/^Scheduled 9:15 AM/));
    fireEvent.click(friday);
    for (let i = 0; i < 3; i++) fireEvent.keyDown(friday, { key: 'ArrowRight' });
    expect(screen.getByRole('status').textContent).toBe('That is outside this week. Drop it here first, then go to the next week.');
    fireEvent.keyDown(friday, { key: 'Escape' });
    expect(screen.getByRole('status').textContent).toBe('Move cancelled.');
    expect(friday.getAttribute('aria-pressed')).toBe('false');
    expect(api.calls.some((c) => c.startsWith('schedule'))).toBe(false);
  });

  it('moves a post by drag and drop, across the DST change, keeping 09:15 on the clock', async () => {
    const { api, post, cell } = setup('week');
    const friday = await waitFor(() => chip(/^Scheduled 9:15 AM/));
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k) ?? '', effectAllowed: '', dropEffect: '' };
    fireEvent.dragStart(friday, { dataTransfer });
    fireEvent.dragOver(cell('2026-03-29T09'), { dataTransfer });
    expect(cell('2026-03-29T09').className).toContain('calendar__cell--drop');
    fireEvent.drop(cell('2026-03-29T09'), { dataTransfer });
    await waitFor(() => expect(api.calls).toContain(`schedule ${post.id} 2026-03-29T09:15:00+02:00`));
    expect(api.posts.find((p) => p.id === post.id)!.scheduledAt).toBe('2026-03-29T07:15:00.000Z');
  });

  it('moves a post in the month view by tapping it, then "Move here" on a day, keeping its time', async () => {
    const { api, post, cell } = setup('month');
    const friday = await waitFor(() => chip(/^Scheduled 9:15 AM/));
    expect(screen.getByText('Next month')).toBeTruthy(); // 2 April is in the grid's last week
    fireEvent.click(friday);
    fireEvent.click(within(cell('2026-04-01')).getByRole('button', { name: /^Move here/ }));
    await waitFor(() => expect(api.calls).toContain(`schedule ${post.id} 2026-04-01T09:15:00+02:00`));
    // Days that have passed offer no "Move here".
    fireEvent.click(await waitFor(() => chip(/^Scheduled 9:15 AM/)));
    expect(within(cell('2026-03-24')).queryByRole('button', { name: /^Move here/ })).toBeNull();
  });

  it('refuses a drop into a slot that has passed, without calling the API', async () => {
    const { api, cell } = setup('week');
    const friday = await waitFor(() => chip(/^Scheduled 9:15 AM/));
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k) ?? '', effectAllowed: '', dropEffect: '' };
    fireEvent.dragStart(friday, { dataTransfer });
    fireEvent.drop(cell('2026-03-24T09'), { dataTransfer });
    expect(await screen.findByText('Tuesday, March 24, 9:00 AM has passed: pick a later slot.')).toBeTruthy();
    expect(api.calls.some((c) => c.startsWith('schedule'))).toBe(false);
  });

  it('pages between weeks and switches to the month view', async () => {
    const { api } = setup('week');
    await waitFor(() => chip(/^Scheduled 9:15 AM/));
    fireEvent.click(screen.getByRole('button', { name: 'Next week' }));
    await waitFor(() => expect(api.calls).toContain('list scheduled - 2026-03-29T22:00:00.000Z..2026-04-05T22:00:00.000Z'));
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Month' })));
    expect(screen.getByRole('button', { name: 'Month' }).getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(window.location.search).toBe('?view=month&date=2026-04-01'));
  });
});
