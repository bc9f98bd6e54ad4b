import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/api-error';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { YourDataSettings } from './YourDataSettings';

const NOW = new Date('2026-03-28T10:00:00Z');
const section = () => screen.getByRole('region', { name: 'Your data' });

afterEach(() => vi.unstubAllGlobals());

describe('Settings: Your data', () => {
  it('downloads everything as one JSON file named for the day, after checking it arrived whole', async () => {
    const saved: { name: string; text: Promise<string> }[] = [];
    vi.stubGlobal('URL', { ...URL, createObjectURL: (blob: Blob) => (saved.push({ name: '', text: blob.text() }), 'blob:export'), revokeObjectURL: () => undefined });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved[saved.length - 1]!.name = this.download;
    });
    const api = new FakeApi(undefined, () => NOW);
    api.seed(2);
    renderSignedIn(<YourDataSettings />, { api });
    fireEvent.click(within(section()).getByRole('button', { name: 'Download my data' }));
    await waitFor(() => expect(within(section()).getByText(/Downloaded: everything Mark.0 stores about you/)).toBeTruthy());
    expect(click).toHaveBeenCalledTimes(1);
    expect(saved[0]!.name).toBe('mark0-export-2026-03-28.json');
    expect(JSON.parse(await saved[0]!.text)).toMatchObject({ complete: true, posts: [expect.anything(), expect.anything()] });
    click.mockRestore();
  });

  it('refuses to save an export that broke off half-way', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.exportData = async () => new Blob(['{"format":"mark0-export/2","posts":[{"id":"01']);
    renderSignedIn(<YourDataSettings />, { api });
    fireEvent.click(within(section()).getByRole('button', { name: 'Download my data' }));
    await waitFor(() => expect(within(section()).getByText('The download broke off before the end. Try again.')).toBeTruthy());
  });

  it('deletes the account only once its email is typed, saying first that posts on LinkedIn stay there', async () => {
    const api = new FakeApi(undefined, () => NOW);
    const { accountDeleted } = renderSignedIn(<YourDataSettings />, { api });
    fireEvent.click(within(section()).getByRole('button', { name: 'Delete my account…' }));
    expect(within(section()).getByText(/Posts already published on LinkedIn stay there/)).toBeTruthy();
    const submit = within(section()).getByRole('button', { name: 'Delete my account and all my data' }) as HTMLButtonElement;
    const input = within(section()).getByLabelText(/Type your email address/);
    expect(submit.disabled).toBe(true);
    fireEvent.change(input, { target: { value: 'ada@example' } });
    expect(submit.disabled).toBe(true);
    fireEvent.change(input, { target: { value: ' Ada@Example.com ' } });
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() => expect(accountDeleted).toHaveBeenCalledTimes(1));
    expect(api.calls).toContain('deleteAccount Ada@Example.com');
  });

  it('keeps the account when the user changes their mind, and shows the API\'s refusal otherwise', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.failNext('deleteAccount', new ApiError(503, 'SERVICE_UNAVAILABLE', 'Try again in a moment.'));
    const { accountDeleted } = renderSignedIn(<YourDataSettings />, { api });
    fireEvent.click(within(section()).getByRole('button', { name: 'Delete my account…' }));
    fireEvent.change(within(section()).getByLabelText(/Type your email address/), { target: { value: 'ada@example.com' } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Delete my account and all my data' }));
    await waitFor(() => expect(within(section()).getByText('Try again in a moment.')).toBeTruthy());
    expect(accountDeleted).not.toHaveBeenCalled();
    fireEvent.click(within(section()).getByRole('button', { name: 'Keep my account' }));
    expect(within(section()).getByRole('button', { name: 'Delete my account…' })).toBeTruthy();
  });
});
