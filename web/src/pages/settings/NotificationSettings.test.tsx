import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/api-error';
import { LOCAL_CONFIG, renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { UnsubscribePage } from '../unsubscribe/UnsubscribePage';
import { NotificationSettings } from './NotificationSettings';

const section = () => screen.getByRole('region', { name: /E-mail/ });

describe('Settings: e-mail notifications', () => {
  it('shows each kind of mail with its state: failures and reconnects on, the weekly summary off', async () => {
    renderSignedIn(<NotificationSettings />);
    expect(await within(section()).findByRole('checkbox', { name: 'A post failed to publish' })).toHaveProperty('checked', true);
    expect(within(section()).getByRole('checkbox', { name: 'LinkedIn needs reconnecting' })).toHaveProperty('checked', true);
    expect(within(section()).getByRole('checkbox', { name: 'Weekly summary' })).toHaveProperty('checked', false);
    expect(within(section()).getByText('ada@example.com')).toBeTruthy();
  });

  it('saves one kind when it is flipped, and says so', async () => {
    const { api } = renderSignedIn(<NotificationSettings />);
    fireEvent.click(await within(section()).findByRole('checkbox', { name: 'Weekly summary' }));
    await waitFor(() => expect(api.calls).toContain('notifications {"weeklySummary":true}'));
    expect(await within(section()).findByText('You will get “Weekly summary” mails.')).toBeTruthy();
    expect(within(section()).getByRole('checkbox', { name: 'Weekly summary' })).toHaveProperty('checked', true);
    fireEvent.click(within(section()).getByRole('checkbox', { name: 'A post failed to publish' }));
    expect(await within(section()).findByText('No more “A post failed to publish” mails.')).toBeTruthy();
    expect(api.notifications.preferences).toEqual({ postFailed: false, linkedinReconnect: true, weeklySummary: true });
  });

  it('keeps the switch as it was and shows the API’s message when saving fails', async () => {
    const api = new FakeApi();
    renderSignedIn(<NotificationSettings />, { api });
    const weekly = await within(section()).findByRole('checkbox', { name: 'Weekly summary' });
    api.failNext('updateNotifications', new ApiError(503, 'SERVICE_UNAVAILABLE', 'Try again in a minute.'));
    fireEvent.click(weekly);
    expect(await within(section()).findByText('Try again in a minute.')).toBeTruthy();
    expect(weekly).toHaveProperty('checked', false);
  });

  it('says when the address is suppressed, and labels a sandbox with a link to its outbox', async () => {
    const api = new FakeApi();
    api.notifications.suppressed = true;
    renderSignedIn(<NotificationSettings />, { api, config: { ...LOCAL_CONFIG, sandbox: { linkedin: false, openai: false, mail: true, mailOutboxUrl: 'http://127.0.0.1:4567' } } });
    expect(await within(section()).findByRole('alert')).toHaveProperty('textContent', expect.stringMatching(/bounced or were marked as spam/));
    expect(within(section()).getByText('Sandbox')).toBeTruthy();
    expect(within(section()).getByRole('link', { name: 'Open the sandbox outbox' }).getAttribute('href')).toBe('http://127.0.0.1:4567');
  });
});

describe('the unsubscribe page (a mail’s link, no sign-in)', () => {
  const token = `${btoa('u-1').replace(/=+$/, '')}.weeklySummary.c2lnbmF0dXJl`;

  it('asks first, then POSTs the token and says what stopped', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => new Response(JSON.stringify({ kind: 'weeklySummary', label: 'Weekly summary' }), { status: 200 }));
    render(<UnsubscribePage config={LOCAL_CONFIG} fetchImpl={fetchImpl} search={`?token=${token}`} />);
    expect(screen.getByText('Stop the mails about “Weekly summary”? Other kinds of mail are not affected.')).toBeTruthy();
    expect(fetchImpl).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Unsubscribe' }));
    expect(await screen.findByRole('status')).toHaveProperty('textContent', expect.stringContaining('you will get no more “Weekly summary” mails'));
    expect(fetchImpl).toHaveBeenCalledWith(`/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`, { method: 'POST' });
  });

  it('shows the API’s message for a changed link', async () => {
    const body = { error: { code: 'INVALID_UNSUBSCRIBE_LINK', message: 'This unsubscribe link is not valid.', details: [] } };
    render(<UnsubscribePage config={LOCAL_CONFIG} fetchImpl={async () => new Response(JSON.stringify(body), { status: 400 })} search={`?token=${token}`} />);
    fireEvent.click(screen.getByRole('button', { name: 'Unsubscribe' }));
    expect(await screen.findByText('This unsubscribe link is not valid.')).toBeTruthy();
  });

  it('explains an incomplete link instead of offering a button', () => {
    render(<UnsubscribePage config={LOCAL_CONFIG} fetchImpl={vi.fn()} search="?token=cut" />);
    expect(screen.getByText(/This link is incomplete/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
