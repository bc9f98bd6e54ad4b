import { useCallback, useEffect, useRef, useState } from 'react';
import type { MarkApi, Post } from '../api/posts-api';
import { ErrorNotice } from '../components/ErrorNotice';
import { PostCard } from '../components/PostCard';
import { PostEditor } from '../components/PostEditor';
import { StatusTabs, tabId } from '../components/StatusTabs';
import { NEW_POST_KEY, type UnsavedTextStore } from '../drafts/unsaved-text';
import { filterFromSearch, postMatchesFilter, STATUS_TABS, type StatusFilter } from '../posts/post-status';

export const PAGE_SIZE = 20;

/** How long a status line ("Draft saved.") stays on screen. */
const ANNOUNCEMENT_MS = 5000;

interface PostsPageProps {
  api: MarkApi;
  unsaved: UnsavedTextStore;
  timeZone?: string | null;
}

interface ListState {
  items: Post[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error?: unknown;
}

const PANEL_ID = 'posts-panel';

/**
 * Write a draft, and see posts by status, newest first, a page at a time.
 * The selected tab lives in the address bar (?status=…).
 */
export function PostsPage({ api, unsaved, timeZone }: PostsPageProps) {
  const [filter, setFilter] = useState<StatusFilter>(() => filterFromSearch(window.location.search));
  const [list, setList] = useState<ListState>({ items: [], nextCursor: null, loading: true, loadingMore: false });
  const [reloadKey, setReloadKey] = useState(0);
  const [announcement, setAnnouncement] = useAnnouncement();
  const listHeading = useRef<HTMLHeadingElement>(null);

  const [draft, setDraft] = useState(() => unsaved.get(NEW_POST_KEY)?.content ?? '');
  const [draftRestored] = useState(() => unsaved.get(NEW_POST_KEY) !== undefined);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>();

  useEffect(() => {
    const controller = new AbortController();
    setList((current) => ({ ...current, items: [], nextCursor: null, loading: true, error: undefined }));
    api
      .listPosts({ ...(filter === 'all' ? {} : { status: filter }), limit: PAGE_SIZE }, controller.signal)
      .then((page) => setList({ items: page.items, nextCursor: page.nextCursor, loading: false, loadingMore: false }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setList({ items: [], nextCursor: null, loading: false, loadingMore: false, error });
      });
    return () => controller.abort();
  }, [api, filter, reloadKey]);

  const selectFilter = useCallback((next: StatusFilter) => {
    setFilter(next);
    const url = new URL(window.location.href);
    url.searchParams.set('status', next);
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }, []);

  async function loadMore() {
    if (!list.nextCursor) return;
    setList((current) => ({ ...current, loadingMore: true, error: undefined }));
    try {
      const page = await api.listPosts({ ...(filter === 'all' ? {} : { status: filter }), limit: PAGE_SIZE, cursor: list.nextCursor });
      setList((current) => ({
        items: [...current.items, ...page.items.filter((post) => !current.items.some((known) => known.id === post.id))],
        nextCursor: page.nextCursor,
        loading: false,
        loadingMore: false,
      }));
      setAnnouncement(page.items.length === 1 ? 'Loaded 1 more post.' : `Loaded ${page.items.length} more posts.`);
    } catch (error) {
      setList((current) => ({ ...current, loadingMore: false, error }));
    }
  }

  function changeDraft(text: string) {
    setDraft(text);
    if (text === '') unsaved.remove(NEW_POST_KEY);
    else unsaved.set(NEW_POST_KEY, text);
  }

  async function createDraft() {
    setCreating(true);
    setCreateError(undefined);
    try {
      const post = await api.createPost(draft);
      unsaved.remove(NEW_POST_KEY);
      setDraft('');
      setAnnouncement('Draft saved.');
      if (postMatchesFilter(post.status, filter)) {
        setList((current) => ({ ...current, items: [post, ...current.items.filter((known) => known.id !== post.id)] }));
      } else {
        selectFilter(post.status);
      }
    } catch (error) {
      setCreateError(error);
    } finally {
      setCreating(false);
    }
  }

  function replacePost(post: Post) {
    setList((current) => ({ ...current, items: current.items.map((known) => (known.id === post.id ? post : known)) }));
  }

  function removePost(id: string, message: string) {
    setList((current) => ({ ...current, items: current.items.filter((known) => known.id !== id) }));
    setAnnouncement(message);
    listHeading.current?.focus();
  }

  const tab = STATUS_TABS.find((t) => t.filter === filter)!;
  return (
    <div className="posts-page">
      <section className="panel composer" aria-labelledby="composer-heading">
        <h2 id="composer-heading" className="panel__title">
          New post
        </h2>
        <PostEditor
          label="What do you want to share?"
          text={draft}
          onTextChange={changeDraft}
          onSubmit={() => void createDraft()}
          submitLabel="Save draft"
          busyLabel="Saving…"
          busy={creating}
          error={createError}
          placeholder="Start with a hook: the first two lines are all most people see."
          hint={draftRestored && draft !== '' ? 'Your unsaved text was restored.' : undefined}
        />
      </section>

      <section className="posts" aria-labelledby="posts-heading">
        <div className="posts__header">
          <h2 id="posts-heading" className="posts__title" tabIndex={-1} ref={listHeading}>
            Your posts
          </h2>
          <p className="flash" role="status">
            {announcement}
          </p>
        </div>
        <StatusTabs selected={filter} onSelect={selectFilter} panelId={PANEL_ID} />
        <div
          id={PANEL_ID}
          role="tabpanel"
          aria-labelledby={tabId(filter)}
          className="posts__panel"
          aria-busy={list.loading}
          // With nothing focusable inside, the panel itself takes focus so keyboard users reach its message (WAI-ARIA tabs).
          tabIndex={list.items.length === 0 ? 0 : undefined}
        >
          {list.loading ? (
            <p className="muted">Loading posts…</p>
          ) : list.items.length === 0 && !list.error ? (
            <p className="empty">{tab.empty}</p>
          ) : (
            <ul className="post-list">
              {list.items.map((post) => (
                <li key={post.id}>
                  <PostCard post={post} api={api} unsaved={unsaved} timeZone={timeZone} onChanged={replacePost} onRemoved={removePost} />
                </li>
              ))}
            </ul>
          )}
          {list.error !== undefined && (
            <ErrorNotice error={list.error}>
              <button type="button" className="button button--secondary" onClick={() => (list.items.length ? void loadMore() : setReloadKey((k) => k + 1))}>
                Try again
              </button>
            </ErrorNotice>
          )}
          {list.nextCursor && !list.loading && (
            <div className="posts__more">
              <button type="button" className="button button--secondary" onClick={() => void loadMore()} disabled={list.loadingMore}>
                {list.loadingMore ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </div>
      </section>
    </div>
  );
}

/**
 * A short status line, read out by screen readers (role="status") and cleared
 * after a few seconds so it never describes an older action than the last one.
 */
function useAnnouncement(): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(''), ANNOUNCEMENT_MS);
    return () => clearTimeout(timer);
  }, [message]);
  return [message, setMessage];
}
