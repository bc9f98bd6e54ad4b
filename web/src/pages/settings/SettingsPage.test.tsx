import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { takePreviousConnection } from '../../linkedin/previous-connection';
import { HelpPage } from '../help/HelpPage';
import { SettingsPage } from './SettingsPage';

const NOW = new Date('2026-03-28T10:00:00Z');
const section = (name: string) => screen.getByRole('region', { name });

function api(setup: (api: FakeApi) => void = () => undefined): FakeApi {
  const fake = new FakeApi(undefined, () => NOW);
  fake.user.timezone = 'Europe/Paris';
  setup(fake);
  return fake;
}

describe('SettingsPage: LinkedIn', () => {
  it('disconnected: explains and connects, coming back to Settings', async () => {
    const { api: fake, leaveTo } = renderSignedIn(<SettingsPage />, { api: api() });
    const linkedin = section('LinkedIn');
    expect(within(linkedin).getByText(/Connect your LinkedIn account so Mark.0 can publish your posts/)).toBeTruthy();
    fireEvent.click(within(linkedin).getByRole('button', { name: 'Connect LinkedIn' }));
    await waitFor(() => expect(leaveTo).toHaveBeenCalledWith(fake.authorizationUrl));
    expect(fake.calls).toContain('connect http://localhost:3000/settings');
  });

  it('Reconnect remembers who the account was connected as, for the return from LinkedIn to compare', async () => {
    sessionStorage.clear();
    const { api: fake, leaveTo } = renderSignedIn(<SettingsPage />, { api: api((f) => f.connect(40)) });
    fireEvent.click(within(section('LinkedIn')).getByRole('button', { name: 'Reconnect' }));
    await waitFor(() => expect(leaveTo).toHaveBeenCalledWith(fake.authorizationUrl));
    expect(takePreviousConnection()).toEqual({ userId: fake.user.userId, name: 'Ada Lovelace', memberUrn: fake.user.linkedin!.memberUrn });
  });

  it('connected: shows who and until when, with a quiet Reconnect and no warning', () => {
    renderSignedIn(<SettingsPage />, { api: api((f) => f.connect(40)) });
    const linkedin = section('LinkedIn');
    expect(within(linkedin).getByText('Ada Lovelace')).toBeTruthy();
    expect(within(linkedin).getByTestId('linkedin-status').textContent).toBe('Connected · works until Thu, May 7, 2026');
    expect(within(linkedin).getByRole('button', { name: 'Reconnect' }).className).toContain('button--secondary');
    expect(within(linkedin).queryByText(/Your LinkedIn connection ends/)).toBeNull();
  });

  it('expiring within 7 days: warns with the date and makes Reconnect the main action', () => {
    renderSignedIn(<SettingsPage />, { api: api((f) => f.connect(3)) });
    const linkedin = section('LinkedIn');
    expect(within(linkedin).getByText(/Your LinkedIn connection ends in 3 days, on Tue, Mar 31, 2026\. Reconnect now/)).toBeTruthy();
    expect(within(linkedin).getByRole('button', { name: 'Reconnect' }).className).toContain('button--primary');
  });

  it('needs a reconnect: says scheduled posts are waiting', () => {
    renderSignedIn(<SettingsPage />, {
      api: api((f) => {
        f.connect(30);
        f.user.linkedin!.needsReconnect = true;
      }),
    });
    const linkedin = section('LinkedIn');
    expect(within(linkedin).getByTestId('linkedin-status').textContent).toBe('Needs reconnecting');
    expect(within(linkedin).getByText(/LinkedIn no longer accepts this connection/)).toBeTruthy();
  });

  it('disconnects only after a confirmation, then offers to connect again', async () => {
    renderSignedIn(<SettingsPage />, { api: api((f) => f.connect()) });
    const linkedin = section('LinkedIn');
    fireEvent.click(within(linkedin).getByRole('button', { name: 'Disconnect' }));
    expect(document.activeElement).toBe(within(linkedin).getByRole('button', { name: 'Keep connected' }));
    fireEvent.click(within(linkedin).getByRole('button', { name: 'Disconnect' }));
    expect(await within(linkedin).findByText('LinkedIn is disconnected. Scheduled posts will wait until you connect again.')).toBeTruthy();
    expect(within(linkedin).getByRole('button', { name: 'Connect LinkedIn' })).toBeTruthy();
  });

  it('labels the sandbox LinkedIn', () => {
    renderSignedIn(<SettingsPage />, { api: api(), config: { mode: 'local', apiUrl: '', auth: { type: 'local' }, sandbox: { linkedin: true, openai: false, mail: false } } });
    expect(within(section('LinkedIn')).getByText(/Sandbox: connecting opens a local stand-in/)).toBeTruthy();
  });
});

describe('SettingsPage: time zone, voice, usage', () => {
  it('saves the time zone in the profile', async () => {
    const { api: fake } = renderSignedIn(<SettingsPage />, { api: api() });
    const zone = section('Time zone');
    const select = within(zone).getByLabelText('You plan posts in') as HTMLSelectElement;
    expect(select.value).toBe('Europe/Paris');
    fireEvent.change(select, { target: { value: 'America/New_York' } });
    fireEvent.click(within(zone).getByRole('button', { name: 'Save time zone' }));
    expect(await within(zone).findByText('Time zone saved: America/New_York.')).toBeTruthy();
    expect(fake.calls).toContain('updateMe America/New_York');
  });

  it('offers zones by their current names and finds them by city, old name or new', async () => {
    const { api: fake } = renderSignedIn(<SettingsPage />, { api: api() });
    const zone = section('Time zone');
    const select = within(zone).getByLabelText('You plan posts in') as HTMLSelectElement;
    const names = () => [...select.options].map((option) => option.value);
    expect(names()).toEqual(expect.arrayContaining(['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'America/Nuuk', 'Asia/Kathmandu', 'Asia/Yangon', 'Atlantic/Faroe', 'Pacific/Pohnpei', 'Pacific/Chuuk']));
    for (const old of ['Asia/Calcutta', 'Europe/Kiev', 'Asia/Saigon', 'America/Godthab', 'Asia/Rangoon']) expect(names()).not.toContain(old);

    const search = within(zone).getByLabelText('Find a zone');
    fireEvent.change(search, { target: { value: 'Kolkata' } });
    expect(select.value).toBe('Asia/Kolkata');
    expect(names()).toEqual(['Asia/Kolkata']);
    fireEvent.change(search, { target: { value: 'kiev' } });
    expect(select.value).toBe('Europe/Kyiv');
    expect(within(zone).getByText('1 zone matches.')).toBeTruthy();
    fireEvent.click(within(zone).getByRole('button', { name: 'Save time zone' }));
    expect(await within(zone).findByText('Time zone saved: Europe/Kyiv.')).toBeTruthy();
    expect(fake.calls).toContain('updateMe Europe/Kyiv');
  });

  it('shows a zone saved under its old name selected, by its current name', () => {
    renderSignedIn(<SettingsPage />, { api: api((f) => (f.user.timezone = 'Asia/Calcutta')) });
    const zone = section('Time zone');
    const select = within(zone).getByLabelText('You plan posts in') as HTMLSelectElement;
    expect(select.value).toBe('Asia/Kolkata');
    expect((within(zone).getByRole('button', { name: 'Save time zone' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("saves the voice profile and shows the API's field messages", async () => {
    const fake = api();
    fake.voice = { styleProfile: 'Short sentences.', examples: ['An old post.'] };
    renderSignedIn(<SettingsPage />, { api: fake });
    const voice = section('Your voice');
    expect(((await within(voice).findByLabelText('How you write')) as HTMLTextAreaElement).value).toBe('Short sentences.');
    fireEvent.click(within(voice).getByRole('button', { name: 'Add an example' }));
    fireEvent.change(within(voice).getByLabelText('Example 2'), { target: { value: 'x'.repeat(10) } });
    fake.failNext('putVoice', new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body: examples.1: too long', [{ field: 'examples.1', message: 'must be at most 5 characters' }]));
    fireEvent.click(within(voice).getByRole('button', { name: 'Save voice' }));
    expect(await within(voice).findByText('must be at most 5 characters')).toBeTruthy();
    expect(within(voice).getByLabelText('Example 2').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(within(voice).getByLabelText('Example 2'), { target: { value: 'Fine.' } });
    fireEvent.click(within(voice).getByRole('button', { name: 'Save voice' }));
    expect(await within(voice).findByText('Voice saved. New AI drafts will use it.')).toBeTruthy();
    expect(fake.voice).toEqual({ styleProfile: 'Short sentences.', examples: ['An old post.', 'Fine.'] });
  });

  it("shows the tier and today's usage against its limits", async () => {
    const fake = api();
    fake.usageNow.today.aiGenerations = 4;
    fake.seed(2, 'scheduled');
    renderSignedIn(<SettingsPage />, { api: fake });
    const usage = section('Plan and usage');
    await within(usage).findByText('Free');
    const rows = within(usage).getAllByRole('row').map((row) => row.textContent);
    expect(rows).toEqual(['WhatUsedLimit', 'AI drafts today410', 'Scheduled posts at once210', 'Requests today122,000', 'Requests per second—5 (bursts of 10)']);
  });

  it('says plainly when the server has no usage or voice yet', async () => {
    const fake = api();
    fake.failNext('usage', new ApiError(404, 'NOT_FOUND', 'No route'));
    fake.failNext('getVoice', new ApiError(404, 'NOT_FOUND', 'No route'));
    renderSignedIn(<SettingsPage />, { api: fake });
    expect(await screen.findByText('Usage figures are not available on this server yet.')).toBeTruthy();
    expect(await screen.findByText('AI drafting is not available on this server yet.')).toBeTruthy();
  });
});

describe('HelpPage', () => {
  it("answers the common questions with this account's own plan limits", async () => {
    const fake = api();
    fake.usageNow.tier = 'pro';
    fake.usageNow.limits = { rateLimit: 20, burstLimit: 40, requestsPerDay: 20_000, aiGenerationsPerDay: 100, maxScheduledPosts: 200 };
    renderSignedIn(<HelpPage />, { api: fake });
    expect(screen.getByText('Why do I have to reconnect LinkedIn every 60 days?')).toBeTruthy();
    expect(screen.getByText('What happens if publishing fails?')).toBeTruthy();
    const plan = (await screen.findByText('Pro')).closest('.faq__answer')!;
    expect(plan.textContent).toContain('100 AI drafts a day');
    expect(plan.textContent).toContain('200 posts scheduled at the same time');
    expect(screen.getByText('What does “Sandbox” mean?')).toBeTruthy();
  });
});
