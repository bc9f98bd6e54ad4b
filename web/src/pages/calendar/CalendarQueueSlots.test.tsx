import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { CalendarPage } from './CalendarPage';

// Wednesday 25 March 2026, 11:00 in Paris; the clocks go forward on Sunday the 29th.
const NOW = new Date('2026-03-25T10:00:00Z');

describe('CalendarPage: the queue’s empty slots', () => {
  it('draws the posting times still to come that no post takes, in their hour, DST included', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.user.timezone = 'Europe/Paris';
    api.connect();
    api.queue.schedule = { ...api.queue.schedule, slots: [{ day: 'wed', time: '09:00' }, { day: 'fri', time: '09:15' }, { day: 'fri', time: '12:15' }, { day: 'sun', time: '02:30' }] };
    api.seed(1, 'scheduled', { content: 'Friday thoughts', scheduledAt: '2026-03-27T08:15:00.000Z' });
    window.history.replaceState(null, '', '/calendar?view=week');
    const { container } = renderSignedIn(<CalendarPage />, { api });
    const cell = (slot: string) => container.querySelector<HTMLElement>(`[data-slot="${slot}"]`)!;
    await waitFor(() => expect(within(cell('2026-03-27T12')).getByTestId('calendar-queue-slot').textContent).toMatch(/Empty queue slot at 12:15/));
    // Friday 09:15 holds a post; Wednesday 09:00 has passed; Sunday 02:30 falls in the gap and goes out at 03:00.
    expect(within(cell('2026-03-27T09')).queryByTestId('calendar-queue-slot')).toBeNull();
    expect(within(cell('2026-03-25T09')).queryByTestId('calendar-queue-slot')).toBeNull();
    expect(within(cell('2026-03-29T03')).getByTestId('calendar-queue-slot').textContent).toMatch(/3:00|03:00/);
    expect(screen.getAllByTestId('calendar-queue-slot')).toHaveLength(2);
  });

  it('marks the chips of queued posts "Queue paused" while the queue is paused, not those scheduled by hand', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.user.timezone = 'Europe/Paris';
    api.connect();
    api.queue.schedule = { ...api.queue.schedule, paused: true, pausedAt: NOW.toISOString() };
    api.seed(1, 'scheduled', { content: 'From the queue', scheduledAt: '2026-03-27T08:15:00.000Z', queue: 'linkedin' });
    api.seed(1, 'scheduled', { content: 'Set by hand', scheduledAt: '2026-03-26T08:15:00.000Z', queue: null });
    window.history.replaceState(null, '', '/calendar?view=week');
    renderSignedIn(<CalendarPage />, { api });
    const queued = await screen.findByRole('link', { name: /^Scheduled .* \(queue paused\): From the queue/ });
    expect(within(queued).getByText('Queue paused')).toBeTruthy();
    const byHand = screen.getByRole('link', { name: /^Scheduled .*: Set by hand/ });
    expect(byHand.getAttribute('aria-label')).not.toMatch(/paused/);
    expect(within(byHand).queryByText('Queue paused')).toBeNull();
  });
});
