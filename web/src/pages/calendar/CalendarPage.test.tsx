import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { CalendarPage } from './CalendarPage';

// Wednesday 25 March 2026, 11:00 in Paris; the clocks go forward on Sunday the 29th.
const NOW = new Date('2026-03-25T10:00:00Z');

/** `arrange`: changes to the fake API before the page first asks it anything. */
function setup(view?: 'day' | 'week' | 'month' | 'agenda', date?: string, arrange: (api: FakeApi) => void = () => undefined) {
  const api = new FakeApi(undefined, () => NOW);
  api.user.timezone = 'Europe/Paris';
  api.connect();
  const [scheduled] = api.seed(1, 'scheduled', { content: 'Friday thoughts', scheduledAt: '2026-03-27T08:15:00.000Z' });
  const [published] = api.seed(1, 'published', {
    content: 'Already out',
    publishedAt: '2026-03-24T07:30:00.000Z',
    linkedinUrn: 'urn:li:share:1',
    linkedinUrl: 'https://www.linkedin.com/feed/update/urn:li:share:1',
  });
  api.seed(1, 'scheduled', { content: 'Next month', scheduledAt: '2026-04-02T08:00:00.000Z' });
  const query = new URLSearchParams({ ...(view ? { view } : {}), ...(date ? { date } : {}) }).toString();
  window.history.replaceState(null, '', `/calendar${query ? `?${query}` : ''}`);
  arrange(api);
  const rendered = renderSignedIn(<CalendarPage />, { api });
  const cell = (slot: string) => rendered.container.querySelector<HTMLElement>(`[data-slot="${slot}"]`)!;
  return { ...rendered, api, post: scheduled!, published: published!, cell };
}

const open = (name: RegExp) => screen.getByRole('link', { name });
const moveButton = (name: RegExp) => screen.getByRole('button', { name });
const dataTransfer = () => {
  const data = new Map<string, string>();
  return { setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k) ?? '', effectAllowed: '', dropEffect: '' };
};

afterEach(() => vi.unstubAllGlobals());

/** The first look at a loaded calendar: a week is 168 slots, which a loaded two-core machine takes seconds to draw. */
const loaded = <T,>(look: () => T) => waitFor(look, { timeout: 20_000 });

// A whole calendar page renders 168 slots: on a loaded two-core machine that takes seconds, not milliseconds.
describe('CalendarPage', { timeout: 30_000 }, () => {
  it("shows the week's scheduled and published posts in their hour, in the user's time zone; a click opens each", async () => {
    const { api, cell, post, published } = setup('week');
    const friday = await loaded(() => within(cell('2026-03-27T09')).getByRole('link', { name: /^Scheduled 9:15 AM: Friday thoughts/ }));
    expect(friday.getAttribute('href')).toBe(`/?post=${post.id}`);
    const out = within(cell('2026-03-24T08')).getByRole('link', { name: /^Published 8:30 AM: Already out/ });
    expect(out.getAttribute('href')).toBe(`/posts?status=published&post=${published.id}`);
    expect(screen.queryByText('Next month')).toBeNull();
    // Monday 00:00 CET to the next Monday 00:00 CEST.
    expect(api.calls).toContain('list scheduled - 2026-03-22T23:00:00.000Z..2026-03-29T22:00:00.000Z');
    expect(api.calls).toContain('list published - 2026-03-22T23:00:00.000Z..2026-03-29T22:00:00.000Z');
    expect(window.location.search).toBe('?view=week&date=2026-03-25');
    // Every hour has its label.
    expect(screen.getAllByRole('rowheader').map((th) => th.textContent)).toHaveLength(24);

    fireEvent.click(friday);
    expect(`${window.location.pathname}${window.location.search}`).toBe(`/?post=${post.id}`);
  });

  it('starts a post from an empty slot at its time; slots that have passed offer none', async () => {
    const { cell } = setup('week');
    await loaded(() => open(/^Scheduled 9:15 AM/));
    const slot = within(cell('2026-03-27T14')).getByRole('link', { name: 'New post: Friday, March 27, 2:00 PM' });
    expect(slot.getAttribute('href')).toBe(`/?at=${encodeURIComponent('2026-03-27T14:00:00+01:00')}`);
    // After the clocks go forward, the same hour carries the summer offset.
    expect(within(cell('2026-03-29T14')).getByRole('link', { name: /^New post/ }).getAttribute('href')).toBe(`/?at=${encodeURIComponent('2026-03-29T14:00:00+02:00')}`);
    // The hour under way (11:00–12:00) starts a few minutes from now; earlier hours are over.
    expect(within(cell('2026-03-25T11')).getByRole('link', { name: /^New post/ }).getAttribute('href')).toBe(`/?at=${encodeURIComponent('2026-03-25T11:05:00+01:00')}`);
    expect(within(cell('2026-03-25T10')).queryByRole('link', { name: /^New post/ })).toBeNull();
    fireEvent.click(slot);
    expect(`${window.location.pathname}${window.location.search}`).toBe(`/?at=${encodeURIComponent('2026-03-27T14:00:00+01:00')}`);
  });

  it('moves a post with the keyboard: its Move button, arrows, Enter; the wall-clock minute is kept', async () => {
    const { api, post, cell } = setup('week');
    const move = await loaded(() => moveButton(/^Move: Friday thoughts/));
    fireEvent.click(move);
    expect(move.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText(/^Moving “Friday thoughts”\. Use the arrow keys/)).toBeTruthy();
    fireEvent.keyDown(move, { key: 'ArrowRight' });
    fireEvent.keyDown(move, { key: 'ArrowDown' });
    // It says the time it will save: the slot's hour with the post's own minute (9:15 → 10:15), not the slot's start.
    expect(screen.getByRole('status').textContent).toBe('Move to Saturday, March 28, 10:15 AM?');
    expect(cell('2026-03-28T10').className).toContain('calendar__cell--target');
    fireEvent.keyDown(move, { key: 'Enter' });
    await loaded(() => expect(within(cell('2026-03-28T10')).getByRole('link', { name: /^Scheduled 10:15 AM: Friday thoughts/ })).toBeTruthy());
    expect(api.calls).toContain(`schedule ${post.id} 2026-03-28T10:15:00+01:00`);
    expect(screen.getByRole('status').textContent).toMatch(/^Rescheduled for /);
    // Focus follows the post to its new slot (once the moved post is drawn there).
    await loaded(() => expect(document.activeElement).toBe(moveButton(/^Move: Friday thoughts/)));
  });

  it('cancels a keyboard move with Escape and keeps moves inside the week on screen', async () => {
    const { api } = setup('week');
    const move = await loaded(() => moveButton(/^Move: Friday thoughts/));
    fireEvent.click(move);
    for (let i = 0; i < 3; i++) fireEvent.keyDown(move, { key: 'ArrowRight' });
    expect(screen.getByRole('status').textContent).toBe('That is outside this week. Drop it here first, then go to the next week.');
    fireEvent.keyDown(move, { key: 'Escape' });
    expect(screen.getByRole('status').textContent).toBe('Move cancelled.');
    expect(move.getAttribute('aria-pressed')).toBe('false');
    expect(api.calls.some((c) => c.startsWith('schedule'))).toBe(false);
  });

  it('moves a post by drag and drop, across the DST change, keeping 09:15 on the clock', async () => {
    const { api, post, cell } = setup('week');
    const friday = await loaded(() => open(/^Scheduled 9:15 AM/));
    const transfer = dataTransfer();
    fireEvent.dragStart(friday, { dataTransfer: transfer });
    fireEvent.dragOver(cell('2026-03-29T09'), { dataTransfer: transfer });
    expect(cell('2026-03-29T09').className).toContain('calendar__cell--drop');
    fireEvent.drop(cell('2026-03-29T09'), { dataTransfer: transfer });
    await loaded(() => expect(api.calls).toContain(`schedule ${post.id} 2026-03-29T09:15:00+02:00`));
    expect(api.posts.find((p) => p.id === post.id)!.scheduledAt).toBe('2026-03-29T07:15:00.000Z');
  });

  it('moves a post in the month view with Move, then "Move here" on a day, keeping its time', async () => {
    const { api, post, cell } = setup('month');
    await loaded(() => open(/^Scheduled 9:15 AM/));
    expect(screen.getByText('Next month')).toBeTruthy(); // 2 April is in the grid's last week
    fireEvent.click(moveButton(/^Move: Friday thoughts/));
    // It names the time the post will get there: that day, at the post's own 9:15.
    fireEvent.click(within(cell('2026-04-01')).getByRole('button', { name: 'Move here: Wednesday, April 1, 9:15 AM' }));
    await loaded(() => expect(api.calls).toContain(`schedule ${post.id} 2026-04-01T09:15:00+02:00`));
    // Days that have passed offer no "Move here".
    fireEvent.click(await loaded(() => moveButton(/^Move: Friday thoughts/)));
    expect(within(cell('2026-03-24')).queryByRole('button', { name: /^Move here/ })).toBeNull();
  });

  it('refuses a drop into a slot that has passed, without calling the API', async () => {
    const { api, cell } = setup('week');
    const friday = await loaded(() => open(/^Scheduled 9:15 AM/));
    const transfer = dataTransfer();
    fireEvent.dragStart(friday, { dataTransfer: transfer });
    fireEvent.drop(cell('2026-03-24T09'), { dataTransfer: transfer });
    expect(await screen.findByText('Tuesday, March 24, 9:00 AM has passed: pick a later slot.', {}, { timeout: 20_000 })).toBeTruthy();
    expect(api.calls.some((c) => c.startsWith('schedule'))).toBe(false);
  });

  it('pages between weeks and switches to the month view', async () => {
    const { api } = setup('week');
    await loaded(() => open(/^Scheduled 9:15 AM/));
    fireEvent.click(screen.getByRole('button', { name: 'Next week' }));
    await loaded(() => expect(api.calls).toContain('list scheduled - 2026-03-29T22:00:00.000Z..2026-04-05T22:00:00.000Z'));
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Month' })));
    expect(screen.getByRole('button', { name: 'Month' }).getAttribute('aria-pressed')).toBe('true');
    await loaded(() => expect(window.location.search).toBe('?view=month&date=2026-04-01'));
  });

  it('shows one day by the hour in the day view, and pages a day at a time', async () => {
    const { api, cell } = setup('day', '2026-03-27');
    await loaded(() => within(cell('2026-03-27T09')).getByRole('link', { name: /^Scheduled 9:15 AM: Friday thoughts/ }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Friday, March 27, 2026');
    expect(screen.getAllByRole('columnheader')).toHaveLength(2); // the hours, and Friday
    expect(screen.getAllByRole('rowheader')).toHaveLength(24);
    expect(within(cell('2026-03-27T16')).getByRole('link', { name: 'New post: Friday, March 27, 4:00 PM' })).toBeTruthy();
    expect(api.calls).toContain('list scheduled - 2026-03-26T23:00:00.000Z..2026-03-27T23:00:00.000Z');
    fireEvent.click(screen.getByRole('button', { name: 'Next day' }));
    await loaded(() => expect(window.location.search).toBe('?view=day&date=2026-03-28'));
    await loaded(() => expect(screen.queryByText('Friday thoughts')).toBeNull());
  });

  it('opens on the agenda on a phone: the days as a list, each with its posts and a way to start one', async () => {
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(max-width: 40rem)', media: query, addEventListener: () => undefined, removeEventListener: () => undefined }));
    const { post, cell } = setup();
    await loaded(() => expect(window.location.search).toBe('?view=agenda&date=2026-03-25'));
    expect(screen.getByRole('button', { name: 'Agenda' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.queryByRole('table')).toBeNull();
    const days = within(screen.getByRole('list', { name: 'Days' })).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(days).toEqual(['Wednesday, March 25 · Today', 'Thursday, March 26', 'Friday, March 27', 'Saturday, March 28', 'Sunday, March 29', 'Monday, March 30', 'Tuesday, March 31']);
    const friday = await loaded(() => within(cell('2026-03-27')).getByRole('link', { name: /^Scheduled 9:15 AM: Friday thoughts/ }));
    expect(friday.getAttribute('href')).toBe(`/?post=${post.id}`);
    expect(within(cell('2026-03-26')).getByText('Nothing planned.')).toBeTruthy();
    // A whole day starts a post at 09:00; today, whose 09:00 has passed, a few minutes from now.
    expect(within(cell('2026-03-26')).getByRole('link', { name: 'New post: Thursday, March 26' }).getAttribute('href')).toBe(`/?at=${encodeURIComponent('2026-03-26T09:00:00+01:00')}`);
    expect(within(cell('2026-03-25')).getByRole('link', { name: /^New post/ }).getAttribute('href')).toBe(`/?at=${encodeURIComponent('2026-03-25T11:05:00+01:00')}`);
    fireEvent.click(screen.getByRole('button', { name: 'Next seven days' }));
    await loaded(() => expect(window.location.search).toBe('?view=agenda&date=2026-04-01'));
  });

  it('draws no late answer for a week no longer on screen over the week shown', async () => {
    const { api, cell } = setup('week');
    await loaded(() => open(/^Scheduled 9:15 AM: Friday thoughts/));
    // The next week's posts come back only when released, after the user has paged back.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const listPosts = api.listPosts.bind(api);
    api.listPosts = async (query) => {
      if (query.from === '2026-03-29T22:00:00.000Z') await held;
      return listPosts(query);
    };
    fireEvent.click(screen.getByRole('button', { name: 'Next week' }));
    await loaded(() => expect(window.location.search).toBe('?view=week&date=2026-04-01'));
    fireEvent.click(screen.getByRole('button', { name: 'Previous week' }));
    await loaded(() => expect(within(cell('2026-03-27T09')).getByRole('link', { name: /^Scheduled 9:15 AM: Friday thoughts/ })).toBeTruthy());
    const asked = api.calls.length;
    release();
    await loaded(() => expect(api.calls.length).toBe(asked + 2));
    // Its answer (the next week's "Next month" post, not this week's) is dropped: this week's posts stay.
    await act(() => held);
    expect(within(cell('2026-03-27T09')).getByRole('link', { name: /^Scheduled 9:15 AM: Friday thoughts/ })).toBeTruthy();
    expect(document.querySelector('.calendar__scroller')!.getAttribute('aria-busy')).toBe('false');
  });

  describe('brings today into view on a phone', () => {
    /** The elements scrolled into view, in order (jsdom draws nothing, so it has no scrollIntoView of its own). */
    let revealed: Element[] = [];
    beforeEach(() => {
      revealed = [];
      vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(max-width: 40rem)', media: query, addEventListener: () => undefined, removeEventListener: () => undefined }));
      Object.defineProperty(Element.prototype, 'scrollIntoView', {
        configurable: true,
        value(this: Element) {
          revealed.push(this);
        },
      });
    });
    afterEach(() => {
      delete (Element.prototype as Partial<Element>).scrollIntoView;
    });

    it("in the agenda: on opening where today is the last day (once the queue's slots are drawn too), and after Today", async () => {
      // The posting schedule answers after the posts: its empty slots make the days above today taller.
      let answer: () => void = () => undefined;
      const schedule = new Promise<void>((resolve) => (answer = resolve));
      const { cell } = setup('agenda', '2026-03-19', (api) => {
        const getSchedule = api.queue.getSchedule.bind(api.queue);
        api.queue.getSchedule = async () => (await schedule, getSchedule());
      });
      await loaded(() => expect(document.querySelector('.calendar__list')!.getAttribute('aria-busy')).toBe('false'));
      expect(revealed).toEqual([]);
      answer();
      await loaded(() => expect(revealed).toEqual([cell('2026-03-25')]));
      expect(cell('2026-03-25').className).toContain('agenda__day--today');
      fireEvent.click(screen.getByRole('button', { name: 'Next seven days' }));
      await loaded(() => expect(window.location.search).toBe('?view=agenda&date=2026-03-26'));
      await loaded(() => expect(document.querySelector('.calendar__list')!.getAttribute('aria-busy')).toBe('false'));
      expect(revealed).toHaveLength(1); // paging reveals nothing
      fireEvent.click(screen.getByRole('button', { name: 'Today' }));
      await loaded(() => expect(revealed).toHaveLength(2));
      expect(revealed[1]).toBe(cell('2026-03-25'));
    });

    it("in the month grid: today's day, on opening and after Today", async () => {
      const { cell } = setup('month', '2026-03-01');
      await loaded(() => expect(revealed).toEqual([cell('2026-03-25')]));
      expect(cell('2026-03-25').tagName).toBe('TD');
      fireEvent.click(screen.getByRole('button', { name: 'Previous month' }));
      await loaded(() => expect(window.location.search).toBe('?view=month&date=2026-02-01'));
      fireEvent.click(screen.getByRole('button', { name: 'Today' }));
      await loaded(() => expect(revealed).toHaveLength(2));
      expect(revealed[1]).toBe(cell('2026-03-25'));
    });

    it('on a change of view: the agenda to the month grid and back, and to the week grid at the working day', async () => {
      const { cell } = setup('agenda');
      await loaded(() => expect(revealed).toEqual([cell('2026-03-25')]));
      fireEvent.click(screen.getByRole('button', { name: 'Month' }));
      await loaded(() => expect(revealed).toHaveLength(2));
      expect(revealed[1]).toBe(cell('2026-03-25'));
      expect(cell('2026-03-25').tagName).toBe('TD');
      fireEvent.click(screen.getByRole('button', { name: 'Agenda' }));
      await loaded(() => expect(revealed).toHaveLength(3));
      expect(revealed[2]).toBe(cell('2026-03-25'));
      expect(cell('2026-03-25').className).toContain('agenda__day--today');
      fireEvent.click(screen.getByRole('button', { name: 'Week' }));
      await loaded(() => expect(revealed).toHaveLength(4));
      expect(revealed[3]).toBe(cell('2026-03-25T07'));
      // The view already shown: nothing to load, nothing moves (and nothing is left waiting for a later page).
      fireEvent.click(screen.getByRole('button', { name: 'Week' }));
      fireEvent.click(screen.getByRole('button', { name: 'Next week' }));
      await loaded(() => expect(window.location.search).toBe('?view=week&date=2026-04-01'));
      await loaded(() => expect(document.querySelector('.calendar__scroller')!.getAttribute('aria-busy')).toBe('false'));
      expect(revealed).toHaveLength(4);
    });

    it("in the week grid: today's column at the working day's first hour", async () => {
      const { cell } = setup('week');
      await loaded(() => expect(revealed).toEqual([cell('2026-03-25T07')]));
    });
  });
});
