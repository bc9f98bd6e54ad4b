import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { NEW_POST_KEY, UnsavedTextStore } from '../drafts/unsaved-text';
import { FakeApi } from '../test/fake-api';
import { PAGE_SIZE, PostsPage } from './PostsPage';

function renderPage(api = new FakeApi()) {
  const unsaved = new UnsavedTextStore(api.user.userId);
  render(<PostsPage api={api} unsaved={unsaved} timeZone="UTC" />);
  return { api, unsaved };
}

const composer = () => screen.getByLabelText('What do you want to share?');
const posts = () => screen.queryAllByRole('article');

describe('PostsPage', () => {
  it('creates a draft, shows it first in the list and clears the composer', async () => {
    const { api } = renderPage();
    await screen.findByText(/No drafts yet/);
    fireEvent.change(composer(), { target: { value: '  My first post  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('My first post')).toBeTruthy();
    expect((composer() as HTMLTextAreaElement).value).toBe('');
    expect(screen.getByRole('status').textContent).toBe('Draft saved.');
    expect(api.posts).toHaveLength(1);
  });

  it('keeps the save button disabled while the text is empty or over 3000 characters', async () => {
    renderPage();
    const save = screen.getByRole('button', { name: 'Save draft' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(composer(), { target: { value: 'x'.repeat(3001) } });
    expect(save.disabled).toBe(true);
    expect(screen.getByText('1 over the 3,000-character limit')).toBeTruthy();
    expect(composer().getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(composer(), { target: { value: 'x'.repeat(3000) } });
    expect(save.disabled).toBe(false);
  });

  it("shows the API's message and the field detail beside the text box when a save is refused", async () => {
    const api = new FakeApi();
    api.failNext(
      'createPost',
      new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body: content: must not be empty', [{ field: 'content', message: 'must not be empty' }]),
    );
    renderPage(api);
    fireEvent.change(composer(), { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Invalid request body: content: must not be empty');
    const detail = screen.getByText('must not be empty');
    expect(composer().getAttribute('aria-describedby')).toContain(detail.id);
  });

  it('says when to try again after a 429', async () => {
    const api = new FakeApi();
    api.failNext('createPost', new ApiError(429, 'TOO_MANY_REQUESTS', 'You are sending requests too fast.', [], 30));
    renderPage(api);
    fireEvent.change(composer(), { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You are sending requests too fast.');
    expect(alert.textContent).toContain('You can try again in 30 seconds.');
  });

  it('keeps composer text in localStorage as it is typed and restores it', async () => {
    const api = new FakeApi();
    const first = renderPage(api);
    fireEvent.change(composer(), { target: { value: 'half a thought' } });
    expect(first.unsaved.get(NEW_POST_KEY)?.content).toBe('half a thought');
    document.body.innerHTML = '';
    render(<PostsPage api={api} unsaved={new UnsavedTextStore(api.user.userId)} />);
    expect((screen.getByLabelText('What do you want to share?') as HTMLTextAreaElement).value).toBe('half a thought');
    expect(screen.getByText('Your unsaved text was restored.')).toBeTruthy();
  });

  it('edits a post, sending the version it was loaded at', async () => {
    const api = new FakeApi();
    const [post] = api.seed(1);
    renderPage(api);
    fireEvent.click(await screen.findByRole('button', { name: /^Edit/ }));
    const editor = screen.getByLabelText('Edit post');
    expect(document.activeElement).toBe(editor);
    fireEvent.change(editor, { target: { value: 'Better words' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Better words')).toBeTruthy();
    expect(api.calls).toContain(`update ${post!.id} v1`);
    expect(api.posts[0]!.version).toBe(2);
  });

  it('on a version conflict, shows the API message and offers to reload the latest version', async () => {
    const api = new FakeApi();
    const [post] = api.seed(1);
    renderPage(api);
    fireEvent.click(await screen.findByRole('button', { name: /^Edit/ }));
    api.editElsewhere(post!.id, 'Saved in another tab');
    fireEvent.change(screen.getByLabelText('Edit post'), { target: { value: 'Mine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The post changed since you loaded it (you had version 1, it is now 2).');
    fireEvent.click(within(alert).getByRole('button', { name: 'Discard my changes and reload' }));
    await waitFor(() => expect((screen.getByLabelText('Edit post') as HTMLTextAreaElement).value).toBe('Saved in another tab'));
    expect(screen.getByText('Reloaded the latest version.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Edit post'), { target: { value: 'Mine, on top of theirs' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Mine, on top of theirs')).toBeTruthy();
    expect(api.calls).toContain(`update ${post!.id} v2`);
  });

  it('reopens an unsaved edit after a reload, still tied to the version it started from', async () => {
    const api = new FakeApi();
    const [post] = api.seed(1);
    new UnsavedTextStore(api.user.userId).set(post!.id, 'typed before the session expired', 1);
    renderPage(api);
    const editor = (await screen.findByLabelText('Edit post')) as HTMLTextAreaElement;
    expect(editor.value).toBe('typed before the session expired');
    expect(screen.getByText('Your unsaved changes were restored.')).toBeTruthy();
  });

  it('deletes only after confirmation, and Keep it cancels', async () => {
    const api = new FakeApi();
    api.seed(2);
    renderPage(api);
    await waitFor(() => expect(posts()).toHaveLength(2));
    const first = posts()[0]!;
    fireEvent.click(within(first).getByRole('button', { name: /^Delete/ }));
    expect(document.activeElement).toBe(within(first).getByRole('button', { name: 'Keep it' }));
    fireEvent.click(within(first).getByRole('button', { name: 'Keep it' }));
    expect(api.posts).toHaveLength(2);

    fireEvent.click(within(first).getByRole('button', { name: /^Delete/ }));
    expect(within(first).getByText('Delete this post? This cannot be undone.')).toBeTruthy();
    fireEvent.click(within(first).getByRole('button', { name: 'Delete post' }));
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(api.posts).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('Post deleted.');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your posts' }));
  });

  it('pages with the cursor when "Load more" is pressed', async () => {
    const api = new FakeApi();
    api.seed(PAGE_SIZE + 5);
    renderPage(api);
    await waitFor(() => expect(posts()).toHaveLength(PAGE_SIZE));
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(posts()).toHaveLength(PAGE_SIZE + 5));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(api.calls).toEqual(['list draft -', `list draft ${PAGE_SIZE}`]);
  });

  it('switches tabs with arrow keys and lists that status, remembering it in the address bar', async () => {
    const api = new FakeApi();
    api.seed(1, 'draft');
    api.seed(1, 'published');
    renderPage(api);
    const drafts = await screen.findByRole('tab', { name: 'Drafts' });
    expect(drafts.getAttribute('aria-selected')).toBe('true');
    act(() => drafts.focus());
    fireEvent.keyDown(drafts, { key: 'ArrowRight' });
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Scheduled' }), { key: 'ArrowRight' });
    const published = screen.getByRole('tab', { name: 'Published' });
    expect(published.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(published);
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(within(posts()[0]!).getByText('Published')).toBeTruthy();
    expect(window.location.search).toBe('?status=published');
    // Published posts cannot be edited.
    expect(within(posts()[0]!).queryByRole('button', { name: /^Edit/ })).toBeNull();
  });
});
