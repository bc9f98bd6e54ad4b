import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { ApiError, networkError } from '../../api/api-error';
import { UploadError } from '../../media/upload-file';
import { ComposePage } from './ComposePage';

/** The upload itself (XMLHttpRequest to the signed URL) is the one thing replaced: each test decides when bytes "arrive". */
const uploads: { name: string; progress: (sent: number, total: number) => void; finish: () => void; fail: (e: Error) => void }[] = [];
vi.mock('../../media/upload-file', () => ({
  UploadError: class extends Error {
    constructor(
      message: string,
      readonly retryable: boolean,
    ) {
      super(message);
    }
  },
  uploadFile: (_upload: unknown, file: File, onProgress: (sent: number, total: number) => void) =>
    new Promise<void>((resolve, reject) => uploads.push({ name: file.name, progress: onProgress, finish: resolve, fail: reject })),
}));

const NOW = new Date('2026-03-28T10:00:00Z');
const MB = 1024 * 1024;

beforeEach(() => {
  uploads.length = 0;
  URL.createObjectURL = vi.fn((file: Blob) => `blob:${(file as File).name}`);
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => vi.clearAllMocks());

function image(name: string): File {
  return new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], name, { type: 'image/png' });
}

function attach(...files: File[]) {
  fireEvent.change(screen.getByLabelText('Attach files'), { target: { files } });
}

async function uploadAll() {
  await waitFor(() => expect(uploads.length).toBeGreaterThan(0));
  for (const upload of uploads.splice(0)) {
    act(() => upload.progress(2, 4));
    expect((screen.getByLabelText(`Uploading ${upload.name}`) as HTMLProgressElement).value).toBe(50);
    await act(async () => upload.finish());
  }
}

// The whole Write page, uploads included: room for a loaded machine.
describe('attaching files in the composer', { timeout: 20_000 }, () => {
  it('uploads three images with real progress, takes alt text (nudging while it is empty), reorders by keyboard and posts them in that order', async () => {
    const api = new FakeApi(undefined, () => NOW);
    renderSignedIn(<ComposePage />, { api });
    attach(image('one.png'), image('two.png'), image('three.png'));
    expect(screen.getByRole('button', { name: 'Save draft' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Waiting for the uploads to finish…')).toBeTruthy();
    await uploadAll();
    await waitFor(() => expect(screen.queryByText('Waiting for the uploads to finish…')).toBeNull());

    expect(screen.getAllByText('Add alt text: it tells people who cannot see the image what it shows.')).toHaveLength(3);
    fireEvent.change(screen.getByLabelText('Alt text for one.png'), { target: { value: 'The first' } });
    fireEvent.change(screen.getByLabelText('Alt text for two.png'), { target: { value: 'The second' } });
    fireEvent.change(screen.getByLabelText('Alt text for three.png'), { target: { value: 'The third' } });
    expect(screen.queryByText(/Add alt text/)).toBeNull();

    // Alt+→ on the first moves it later; the button moves the last one earlier.
    const list = screen.getByRole('list', { name: 'Attached files' });
    fireEvent.keyDown(within(list).getByLabelText('one.png, 1 of 3'), { key: 'ArrowRight', altKey: true });
    fireEvent.click(screen.getByRole('button', { name: 'Move three.png earlier' }));
    expect(within(list).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['two.png, 1 of 3', 'three.png, 2 of 3', 'one.png, 3 of 3']);
    expect(screen.getByTestId('preview-images').querySelectorAll('img')).toHaveLength(3);

    // Text may stay empty: the post carries images.
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(api.posts).toHaveLength(1));
    expect(api.posts[0]!.media.map((m) => m.altText)).toEqual(['The second', 'The third', 'The first']);
  });

  it('says what to do with a file LinkedIn would refuse, before uploading anything', async () => {
    renderSignedIn(<ComposePage />, { api: new FakeApi(undefined, () => NOW) });
    const video = new File([new Uint8Array(10)], 'keynote.mp4', { type: 'video/mp4' });
    Object.defineProperty(video, 'size', { value: 612 * MB });
    attach(video);
    expect(screen.getByRole('alert').textContent).toBe('keynote.mp4: This file is 612 MB; LinkedIn takes videos up to 500 MB.');
    attach(image('a.png'), new File(['%PDF-1.7'], 'deck.pdf', { type: 'application/pdf' }));
    expect(screen.getByRole('alert').textContent).toContain('does not mix kinds');
    await waitFor(() => expect(uploads).toHaveLength(1));
  });

  it('removes a file (deleting the upload) and shows an upload that failed with what to do', async () => {
    const api = new FakeApi(undefined, () => NOW);
    renderSignedIn(<ComposePage />, { api });
    attach(image('keep.png'), image('drop.png'));
    await waitFor(() => expect(uploads).toHaveLength(2));
    await act(async () => uploads[1]!.fail(new Error('The upload was interrupted: check your connection, then try again.')));
    expect((await screen.findByRole('alert')).textContent).toContain('check your connection');
    expect(screen.getByText('Remove the file that could not be uploaded (or add it again) to go on.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove drop.png' }));
    await act(async () => uploads[0]!.finish());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save draft' }).hasAttribute('disabled')).toBe(false));
    expect(screen.queryByText('drop.png')).toBeNull();
    await waitFor(() => expect([...api.media.values()].map((m) => m.fileName)).toEqual(['keep.png']));
  });

  it('offers Try again for an upload the connection cut, and sends the same file again without picking it', async () => {
    const api = new FakeApi(undefined, () => NOW);
    renderSignedIn(<ComposePage />, { api });
    attach(image('chart.png'));
    await waitFor(() => expect(uploads).toHaveLength(1));
    await act(async () => uploads.shift()!.fail(new UploadError('The upload was interrupted: check your connection, then try again.', true)));
    expect((await screen.findByRole('alert')).textContent).toBe('The upload was interrupted: check your connection, then try again.');
    const abandoned = [...api.media.keys()];
    expect(abandoned).toHaveLength(1);
    expect(screen.getByText('Try the upload again, or remove the file that could not be uploaded, to go on.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Try again: upload chart.png' }));
    await waitFor(() => expect(uploads.map((u) => u.name)).toEqual(['chart.png']));
    expect(screen.queryByRole('alert')).toBeNull();
    await uploadAll();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save draft' }).hasAttribute('disabled')).toBe(false));
    // The half-made upload is deleted; the new one is ready and goes with the post.
    await waitFor(() => expect([...api.media.values()].map((m) => [m.fileName, m.status])).toEqual([['chart.png', 'ready']]));
    expect(api.media.has(abandoned[0]!)).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(api.posts).toHaveLength(1));
    expect(api.posts[0]!.media.map((m) => m.id)).toEqual([...api.media.keys()]);
  });

  it('offers Try again when Mark.0 could not be reached for a PDF, but not for a file it refused', async () => {
    const api = new FakeApi(undefined, () => NOW);
    renderSignedIn(<ComposePage />, { api });
    api.failNext('createMedia', networkError());
    attach(new File(['%PDF-1.7'], 'deck.pdf', { type: 'application/pdf' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not reach Mark.0. Check your connection and try again.');
    expect(uploads).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Try again: upload deck.pdf' }));
    await uploadAll();
    await waitFor(() => expect([...api.media.values()].map((m) => [m.fileName, m.status])).toEqual([['deck.pdf', 'ready']]));
    fireEvent.click(screen.getByRole('button', { name: 'Remove deck.pdf' }));

    api.failNext('completeMedia', new ApiError(400, 'MEDIA_INVALID', 'This file is not a PDF LinkedIn can show.'));
    attach(new File(['%PDF-1.7'], 'broken.pdf', { type: 'application/pdf' }));
    await uploadAll();
    expect((await screen.findByRole('alert')).textContent).toBe('This file is not a PDF LinkedIn can show.');
    expect(screen.queryByRole('button', { name: /Try again/ })).toBeNull();
    expect(screen.getByText('Remove the file that could not be uploaded (or add it again) to go on.')).toBeTruthy();
  });

  it('adds a poll (no files then), previews it, and posts it with empty text', async () => {
    const api = new FakeApi(undefined, () => NOW);
    renderSignedIn(<ComposePage />, { api });
    fireEvent.click(screen.getByRole('button', { name: 'Add a poll' }));
    fireEvent.change(screen.getByLabelText('Question'), { target: { value: 'Ship on Fridays?' } });
    fireEvent.change(screen.getByLabelText('Option 1'), { target: { value: 'Yes' } });
    expect(screen.getByRole('button', { name: 'Save draft' }).hasAttribute('disabled')).toBe(true);
    fireEvent.change(screen.getByLabelText('Option 2'), { target: { value: 'No' } });
    expect(within(screen.getByTestId('preview-poll')).getByText('Ship on Fridays?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(api.posts).toHaveLength(1));
    expect(api.posts[0]!.poll).toEqual({ question: 'Ship on Fridays?', options: ['Yes', 'No'], duration: 'SEVEN_DAYS' });
  });

  it('gives back the whole unsaved post after a reload: text, files in their order with alt text, then saves them', async () => {
    const api = new FakeApi(undefined, () => NOW);
    const first = renderSignedIn(<ComposePage />, { api });
    fireEvent.change(screen.getByLabelText('What do you want to share?'), { target: { value: 'Three pictures' } });
    attach(image('one.png'), image('two.png'), image('three.png'));
    await uploadAll();
    await waitFor(() => expect(screen.queryByText('Waiting for the uploads to finish…')).toBeNull());
    fireEvent.change(screen.getByLabelText('Alt text for one.png'), { target: { value: 'The first' } });
    fireEvent.change(screen.getByLabelText('Alt text for three.png'), { target: { value: 'The third' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move three.png earlier' }));
    first.unmount();

    renderSignedIn(<ComposePage />, { api });
    expect((screen.getByLabelText('What do you want to share?') as HTMLTextAreaElement).value).toBe('Three pictures');
    expect(screen.getByText('Your unsaved text and 3 images were restored.')).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Attached files' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save draft' }).hasAttribute('disabled')).toBe(false));
    expect(within(list).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['one.png, 1 of 3', 'three.png, 2 of 3', 'two.png, 3 of 3']);
    expect((screen.getByLabelText('Alt text for three.png') as HTMLInputElement).value).toBe('The third');
    expect(screen.getByTestId('preview-images').querySelectorAll('img')).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(api.posts).toHaveLength(1));
    expect(api.posts[0]!.content).toBe('Three pictures');
    expect(api.posts[0]!.media.map((m) => m.altText)).toEqual(['The first', 'The third', '']);
  });

  it('says plainly which files did not come back: not uploaded yet, or gone meanwhile', async () => {
    const api = new FakeApi(undefined, () => NOW);
    const first = renderSignedIn(<ComposePage />, { api });
    fireEvent.change(screen.getByLabelText('What do you want to share?'), { target: { value: 'Two pictures' } });
    attach(image('kept.png'), image('gone.png'), image('half.png'));
    await waitFor(() => expect(uploads).toHaveLength(3));
    await act(async () => uploads[0]!.finish());
    await act(async () => uploads[1]!.finish());
    await waitFor(() => expect([...api.media.values()].filter((m) => m.status === 'ready').map((m) => m.fileName)).toEqual(['kept.png', 'gone.png']));
    first.unmount();
    // gone.png's upload expired (unattached media lasts a day); half.png never finished uploading.
    const gone = [...api.media.values()].find((m) => m.fileName === 'gone.png')!;
    api.media.delete(gone.id);

    renderSignedIn(<ComposePage />, { api });
    expect(await screen.findByText('Your unsaved text and an image were restored. Re-attach half.png and gone.png: they were not kept.')).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Attached files' });
    expect(within(list).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['kept.png, 1 of 1']);
  });

  it("clips the document title, alt text and poll at LinkedIn's limits in characters, an emoji (two UTF-16 units) counting once", async () => {
    renderSignedIn(<ComposePage />, { api: new FakeApi(undefined, () => NOW) });
    const typed = (label: string, value: string) => {
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
      return (screen.getByLabelText(label) as HTMLInputElement).value;
    };
    attach(new File(['%PDF-1.7'], 'deck.pdf', { type: 'application/pdf' }));
    // Without a title, LinkedIn shows the file name less .pdf (what the publisher sends).
    expect((screen.getByLabelText('Document title (shown on LinkedIn)') as HTMLInputElement).placeholder).toBe('deck');
    expect(typed('Document title (shown on LinkedIn)', `T${'🚀'.repeat(400)}`)).toBe(`T${'🚀'.repeat(399)}`);
    fireEvent.click(screen.getByRole('button', { name: 'Remove deck.pdf' }));

    attach(image('chart.png'));
    expect(typed('Alt text for chart.png', '🚀'.repeat(4087))).toBe('🚀'.repeat(4086));
    expect(screen.getByText('Cut to 4086 characters: LinkedIn takes no more here.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove chart.png' }));

    fireEvent.click(screen.getByRole('button', { name: 'Add a poll' }));
    expect(typed('Question', `Q ${'🚀'.repeat(139)}`)).toBe(`Q ${'🚀'.repeat(138)}`);
    // What was cut is said, beside the field it was cut from, never silently dropped.
    const cut = (label: string) => {
      const note = screen.getByLabelText(label).getAttribute('aria-describedby');
      return note ? document.getElementById(note)?.textContent : undefined;
    };
    expect(cut('Question')).toBe('Cut to 140 characters: LinkedIn takes no more here.');
    expect(typed('Option 1', '👍'.repeat(31))).toBe('👍'.repeat(30));
    expect(cut('Option 1')).toBe('Cut to 30 characters: LinkedIn takes no more here.');
    expect(typed('Option 2', '👍'.repeat(29))).toBe('👍'.repeat(29));
    expect(cut('Option 2')).toBeUndefined();
    expect(within(screen.getByTestId('preview-poll')).getByText(`Q ${'🚀'.repeat(138)}`)).toBeTruthy();
    expect(typed('Question', 'Q?')).toBe('Q?');
    expect(cut('Question')).toBeUndefined();
  });

  it('gives back an unsaved poll after a reload', async () => {
    const api = new FakeApi(undefined, () => NOW);
    const first = renderSignedIn(<ComposePage />, { api });
    fireEvent.click(screen.getByRole('button', { name: 'Add a poll' }));
    fireEvent.change(screen.getByLabelText('Question'), { target: { value: 'Ship on Fridays?' } });
    fireEvent.change(screen.getByLabelText('Option 1'), { target: { value: 'Yes' } });
    fireEvent.change(screen.getByLabelText('Option 2'), { target: { value: 'No' } });
    first.unmount();

    renderSignedIn(<ComposePage />, { api });
    expect(screen.getByText('Your unsaved poll was restored.')).toBeTruthy();
    expect((screen.getByLabelText('Question') as HTMLInputElement).value).toBe('Ship on Fridays?');
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(api.posts).toHaveLength(1));
    expect(api.posts[0]!.poll).toEqual({ question: 'Ship on Fridays?', options: ['Yes', 'No'], duration: 'SEVEN_DAYS' });
  });
});
