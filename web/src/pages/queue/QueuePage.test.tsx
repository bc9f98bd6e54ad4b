import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { QueuePage } from './QueuePage';

// Wednesday 25 November 2026, 10:00 UTC; the default slots are weekdays 08:30 and 12:15.
const NOW = new Date('2026-11-25T10:00:00Z');

function api(): FakeApi {
  const fake = new FakeApi(undefined, () => NOW);
  fake.user.timezone = 'UTC';
  fake.connect();
  return fake;
}

async function queueOf(fake: FakeApi, count: number) {
  const posts = fake.seed(count);
  for (const post of posts) await fake.queue.add(post.id);
  return posts;
}

const upNext = () => screen.getByRole('region', { name: 'Up next' });
const times = () => screen.getByRole('region', { name: 'Posting times' });

describe('QueuePage', () => {
  it('lists queued posts and empty slots in time order, by day', async () => {
    const fake = api();
    const [a] = await queueOf(fake, 1);
    renderSignedIn(<QueuePage />, { api: fake });
    const slots = await within(upNext()).findAllByTestId('queue-slot');
    expect(slots[0]!.textContent).toContain('12:15');
    expect(slots[0]!.textContent).toContain(a!.content);
    expect(slots[1]!.textContent).toContain('Empty slot');
  });

  it('with only posts scheduled by hand, says they are not queued instead of "nothing" above them', async () => {
    const fake = api();
    const [a] = fake.seed(1);
    await fake.schedulePost(a!.id, '2026-11-25T12:15:00.000Z');
    renderSignedIn(<QueuePage />, { api: fake });
    const slots = await within(upNext()).findAllByTestId('queue-slot');
    expect(slots[0]!.textContent).toContain('Scheduled by hand');
    expect(within(upNext()).getByText(/^Nothing queued yet: the posts below were scheduled by hand for times of their own, which they keep\./)).toBeTruthy();
  });

  it('moves a post later with its button (a swap with the next post), and reloads the queue', async () => {
    const fake = api();
    const [a, b] = await queueOf(fake, 2);
    const aAt = fake.posts.find((p) => p.id === a!.id)!.scheduledAt!;
    const bAt = fake.posts.find((p) => p.id === b!.id)!.scheduledAt!;
    renderSignedIn(<QueuePage />, { api: fake });
    const first = (await within(upNext()).findAllByTestId('queue-slot'))[0]!;
    fireEvent.click(within(first).getByRole('button', { name: 'Later' }));
    // Naming the post shown there, which takes a's time (the API swaps only with it: no extra read).
    await waitFor(() => expect(fake.queue.calls).toContain(`reorder ${a!.id} ${bAt} swap ${b!.id}`));
    await waitFor(() => expect(within(upNext()).getAllByTestId('queue-slot')[0]!.textContent).toContain(b!.content));
    expect(fake.posts.find((p) => p.id === b!.id)!.scheduledAt).toBe(aAt);
    // The keyboard user's focus follows the post to its new slot, on the button pressed (the post is drawn anew there).
    const moved = within(upNext()).getAllByTestId('queue-slot')[1]!;
    expect(moved.textContent).toContain(a!.content);
    await waitFor(() => expect(document.activeElement).toBe(within(moved).getByRole('button', { name: 'Later' })));
  });

  it('moves a post by drag and drop onto an empty slot', async () => {
    const fake = api();
    const [a] = await queueOf(fake, 1);
    renderSignedIn(<QueuePage />, { api: fake });
    const slots = await within(upNext()).findAllByTestId('queue-slot');
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k) ?? '', effectAllowed: 'move' };
    fireEvent.dragStart(within(slots[0]!).getByLabelText(/Queued post/), { dataTransfer });
    fireEvent.dragOver(slots[2]!, { dataTransfer });
    fireEvent.drop(slots[2]!, { dataTransfer });
    const target = slots[2]!.querySelector('time')!.getAttribute('datetime');
    await waitFor(() => expect(fake.queue.calls).toContain(`reorder ${a!.id} ${target}`));
  });

  it('a lost race says to reload, and Reload the queue does', async () => {
    const fake = api();
    await queueOf(fake, 2);
    fake.queue.loseNextReorder = true;
    renderSignedIn(<QueuePage />, { api: fake });
    const first = (await within(upNext()).findAllByTestId('queue-slot'))[0]!;
    fireEvent.click(within(first).getByRole('button', { name: 'Later' }));
    expect((await within(upNext()).findByRole('alert')).textContent).toMatch(/Reload the queue and try again/);
    fireEvent.click(within(upNext()).getByRole('button', { name: 'Reload the queue' }));
    await waitFor(() => expect(within(upNext()).queryByRole('alert')).toBeNull());
  });

  it('pauses and resumes, saying what pausing means', async () => {
    const fake = api();
    await queueOf(fake, 1);
    renderSignedIn(<QueuePage />, { api: fake });
    // The button is there at once, and usable once the queue has loaded (a click on it before then does nothing).
    const enabled = async (name: string) => {
      const button = await within(upNext()).findByRole<HTMLButtonElement>('button', { name });
      await waitFor(() => expect(button.disabled).toBe(false));
      return button;
    };
    fireEvent.click(await enabled('Pause the queue'));
    expect(await within(upNext()).findByText(/The queue is paused: nothing in it is published/)).toBeTruthy();
    fireEvent.click(await enabled('Resume the queue'));
    await waitFor(() => expect(fake.queue.calls).toEqual(expect.arrayContaining(['pause', 'resume'])));
    await waitFor(() => expect(within(upNext()).queryByText(/The queue is paused/)).toBeNull());
  });

  it('publishes a queued post now after a confirmation', async () => {
    const fake = api();
    const [a] = await queueOf(fake, 1);
    renderSignedIn(<QueuePage />, { api: fake });
    const first = (await within(upNext()).findAllByTestId('queue-slot'))[0]!;
    fireEvent.click(within(first).getByRole('button', { name: 'Publish now' }));
    fireEvent.click(within(first).getByRole('button', { name: 'Yes, publish now' }));
    await waitFor(() => expect(fake.calls).toContain(`publish ${a!.id}`));
    expect((await within(upNext()).findByRole('status')).textContent).toMatch(/^Publishing now: it leaves the queue and shows under Posts → Published/);
  });

  it('offers the default posting times, adds and removes one, refuses a duplicate, and saves (re-slotting when asked)', async () => {
    const fake = api();
    renderSignedIn(<QueuePage />, { api: fake });
    expect(await within(times()).findByText(/These are suggested times/)).toBeTruthy();
    fireEvent.change(within(times()).getByLabelText('Day'), { target: { value: 'sat' } });
    fireEvent.change(within(times()).getByLabelText('Time'), { target: { value: '10:00' } });
    fireEvent.click(within(times()).getByRole('button', { name: 'Add time' }));
    expect(within(times()).getByRole('button', { name: 'Add time' })).toHaveProperty('disabled', true);
    expect(within(times()).getByText(/Saturday 10:00 is already there/)).toBeTruthy();
    fireEvent.click(within(times()).getByRole('button', { name: 'Remove Monday 08:30' }));
    fireEvent.click(within(times()).getByLabelText(/Move queued posts onto the new times/));
    fireEvent.click(within(times()).getByRole('button', { name: 'Save posting times' }));
    await waitFor(() => expect(fake.queue.calls.some((call) => call.startsWith('saveSchedule mon 12:15') && call.includes('sat 10:00') && call.endsWith('reslot'))).toBe(true));
    expect(await within(times()).findByText('Posting times saved; queued posts moved onto them.')).toBeTruthy();
  });

  it('names the zone of the posting times by its current name, for a profile saved under an old one', async () => {
    const fake = api();
    fake.user.timezone = 'Asia/Calcutta';
    renderSignedIn(<QueuePage />, { api: fake });
    expect(await within(times()).findByText(/in Asia\/Kolkata \(change the zone in Settings\)/)).toBeTruthy();
  });
});
