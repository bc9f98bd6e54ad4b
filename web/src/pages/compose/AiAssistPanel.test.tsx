import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import type { RuntimeConfig } from '../../config/runtime-config';

import { ComposePage } from './ComposePage';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { MAX_VARIANTS } from '@contract/api/ai';

const NOW = new Date('2026-03-28T19:00:00Z');
const panel = () => screen.getByRole('region', { name: /Write with AI/ });
const composer = () => screen.getByLabelText('What do you want to share?') as HTMLTextAreaElement;

function renderPanel(api = new FakeApi(undefined, () => NOW), config?: RuntimeConfig) {
  return renderSignedIn(<ComposePage />, { api, ...(config ? { config } : {}) });
}

async function generate(topic = 'Shipping weekly', variants = '3') {
  const ai = panel();
  fireEvent.change(within(ai).getByLabelText('Topic'), { target: { value: topic } });
  fireEvent.click(within(ai).getByLabelText('Short'));
  fireEvent.change(within(ai).getByLabelText('Tone'), { target: { value: 'Bold' } });
  fireEvent.change(within(ai).getByLabelText('Variants'), { target: { value: variants } });
  fireEvent.click(within(ai).getByRole('button', { name: 'Generate drafts' }));
}

describe('AiAssistPanel', () => {
  it("shows today's remaining AI drafts before and after generating", async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.usageNow.today.aiGenerations = 3;
    renderPanel(api);
    await waitFor(() => expect(within(panel()).getByTestId('ai-quota').textContent).toMatch(/^7 of 10 AI drafts left today \(resets at /));
    await generate();
    await waitFor(() => expect(within(panel()).getByTestId('ai-quota').textContent).toMatch(/^6 of 10 AI drafts left today/));
  });

  it('sends topic, tone, length and variants, and lists the variants it gets back', async () => {
    const { api } = renderPanel();
    await generate('Shipping weekly', '3');
    expect(await within(panel()).findByText('3 drafts ready.')).toBeTruthy();
    expect(api.calls).toContain('generate {"topic":"Shipping weekly","tone":"Bold","length":"short","variants":3}');
    const variants = within(panel()).getAllByRole('article');
    expect(variants.map((v) => within(v).getByText(/^Variant \d about/).textContent)).toEqual([
      'Variant 1 about Shipping weekly.',
      'Variant 2 about Shipping weekly.',
      'Variant 3 about Shipping weekly.',
    ]);
  });

  it('puts a variant in the composer (saying it replaces text already there) or saves it as a draft in one click', async () => {
    const { api } = renderPanel();
    await generate();
    const [first, second] = await within(panel()).findAllByRole('article');
    fireEvent.click(within(second!).getByRole('button', { name: 'Use this one' }));
    expect(composer().value).toBe('Variant 2 about Shipping weekly.');
    expect(document.activeElement).toBe(composer());
    expect(within(first!).getByRole('button', { name: 'Replace my text with this' })).toBeTruthy();

    fireEvent.click(within(first!).getByRole('button', { name: 'Save as draft' }));
    expect(await within(first!).findByRole('button', { name: 'Saved as draft' })).toBeTruthy();
    expect(within(panel()).getByText('Variant 1 saved to your drafts.')).toBeTruthy();
    expect(api.posts.map((p) => [p.status, p.content])).toEqual([['draft', 'Variant 1 about Shipping weekly.']]);
  });

  it('says when the daily quota is used up (429), when it comes back, and stops offering to generate', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.usageNow.today.aiGenerations = 9;
    renderPanel(api);
    await waitFor(() => expect(within(panel()).getByTestId('ai-quota').textContent).toMatch(/^1 of 10 AI drafts left/));
    api.usageNow.today.aiGenerations = 10; // the last one went in another tab
    await generate();
    // The fake's quota: 10 a day; Retry-After counts to the end of the UTC day (5 hours from 19:00).
    const alert = await within(panel()).findByRole('alert');
    expect(alert.textContent).toContain('You have used your 10 AI drafts for today.');
    expect(alert.textContent).toMatch(/You can try again in 5 hours \(at .+\)\./);
    expect(within(panel()).getByTestId('ai-quota').textContent).toMatch(/^You have used today’s 10 AI drafts\. More at /);
    expect((within(panel()).getByRole('button', { name: 'Generate drafts' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the API words for a 503 with when to retry, and keeps the topic', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.failNext('generateDrafts', new ApiError(503, 'AI_UNAVAILABLE', 'AI drafting is unavailable right now.', [], 30));
    renderPanel(api);
    await generate('Keep me');
    const alert = await within(panel()).findByRole('alert');
    expect(alert.textContent).toBe('AI drafting is unavailable right now.You can try again in 30 seconds.');
    expect((within(panel()).getByLabelText('Topic') as HTMLTextAreaElement).value).toBe('Keep me');
    expect((within(panel()).getByRole('button', { name: 'Generate drafts' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("offers as many variants as the API allows, and shows the API's message beside the topic", async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.failNext('generateDrafts', new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body: topic: must be at least 3 characters (it is 2)', [{ field: 'topic', message: 'must be at least 3 characters (it is 2)' }]));
    renderPanel(api);
    const variants = within(panel()).getByLabelText('Variants') as HTMLSelectElement;
    expect(Array.from(variants.options, (option) => Number(option.value))).toEqual(Array.from({ length: MAX_VARIANTS }, (_, i) => i + 1));
    await generate('Hi');
    const detail = await within(panel()).findByText('must be at least 3 characters (it is 2)');
    expect(within(panel()).getByLabelText('Topic').getAttribute('aria-describedby')).toBe(detail.id);
  });

  it('labels the sandbox AI, and works without a usage endpoint', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.failNext('usage', new ApiError(404, 'NOT_FOUND', 'No route GET /v1/usage'));
    renderPanel(api, { mode: 'local', apiUrl: '', auth: { type: 'local' }, sandbox: { linkedin: true, openai: true, mail: false } });
    expect(within(panel()).getByText('Sandbox AI')).toBeTruthy();
    await generate();
    expect(await within(panel()).findByText('3 drafts ready.')).toBeTruthy();
  });
});
