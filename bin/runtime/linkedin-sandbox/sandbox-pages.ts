import { renderLittleText } from '@contract/little-text';
import type { SandboxMember, SandboxPost } from './sandbox-state';

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f2ee; color: #1d2226; }
  .banner { background: #b24020; color: #fff; padding: .5rem 1rem; font-weight: 600; }
  main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  .card { background: #fff; border-radius: .5rem; padding: 1.25rem; margin-bottom: 1rem; box-shadow: 0 0 0 1px #e0dfdc; }
  .author { display: flex; gap: .75rem; align-items: center; font-weight: 600; }
  .author img { width: 3rem; height: 3rem; border-radius: 50%; }
  .meta { color: #666; font-size: .875rem; font-weight: 400; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: .75rem; }
  .truncated { color: #b24020; font-size: .875rem; }
  .hashtag { color: #0a66c2; font-weight: 600; }
  button { font: inherit; padding: .5rem 1.25rem; border-radius: 2rem; border: 1px solid #0a66c2; cursor: pointer; }
  button.allow { background: #0a66c2; color: #fff; }
  button.deny { background: #fff; color: #0a66c2; }
  label { display: block; margin: 1rem 0; }
  input[type=text] { font: inherit; padding: .4rem; width: 100%; box-sizing: border-box; }
  a { color: #0a66c2; }
  .media { margin-top: .75rem; display: grid; gap: 2px; grid-template-columns: repeat(2, 1fr); }
  .media.one { grid-template-columns: 1fr; }
  .media img, .media video { width: 100%; display: block; background: #000; }
  .media.one img { max-height: 36rem; object-fit: contain; }
  .media:not(.one) img { aspect-ratio: 1; object-fit: cover; }
  .document { margin-top: .75rem; border: 1px solid #e0dfdc; border-radius: .5rem; padding: 1rem; }
  .poll { margin-top: .75rem; border: 1px solid #e0dfdc; border-radius: .5rem; padding: 1rem; }
  .poll li { list-style: none; border: 1px solid #0a66c2; border-radius: 2rem; padding: .35rem 1rem; margin: .4rem 0; color: #0a66c2; font-weight: 600; }
  .poll ul { padding: 0; }
`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Sandbox LinkedIn</title><style>${STYLE}</style></head>
<body><div class="banner" role="note">SANDBOX LinkedIn, run by Mark.0's local runtime: nothing here reaches linkedin.com.</div><main>${body}</main></body></html>`;
}

export function consentPage(params: { clientId: string; redirectUri: string; state: string; scope: string }): string {
  const hidden = Object.entries({ client_id: params.clientId, redirect_uri: params.redirectUri, state: params.state, scope: params.scope })
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    'Allow access',
    `<div class="card"><h1>Mark.0 would like to</h1>
<ul>${params.scope
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`)
      .join('')}</ul>
<form method="post" action="authorization">${hidden}
<label>Sign in to the sandbox as <input type="text" name="member" value="Sandbox Member" maxlength="60" autocomplete="off"></label>
<button class="allow" name="decision" value="allow" type="submit">Allow</button>
<button class="deny" name="decision" value="deny" type="submit">Deny</button>
</form></div>`,
  );
}

export function errorPage(message: string): string {
  return page('Error', `<div class="card"><h1>This request is not valid</h1><p>${escapeHtml(message)}</p></div>`);
}

/** What a post's `content` shows: its image(s), document, video or poll, as LinkedIn lays them out. */
function contentBlock(post: SandboxPost, assetUrl: (urn: string) => string | undefined): string {
  const content = post.content as
    | { media?: { id: string; altText?: string; title?: string }; multiImage?: { images: { id: string; altText?: string }[] }; poll?: { question: string; options: { text: string }[]; settings: { duration: string } } }
    | undefined;
  if (!content) return '';
  const img = (id: string, alt = '') => `<img src="${escapeHtml(assetUrl(id) ?? '')}" alt="${escapeHtml(alt)}" data-urn="${escapeHtml(id)}">`;
  if (content.multiImage) return `<div class="media" data-kind="multiImage">${content.multiImage.images.map((i) => img(i.id, i.altText)).join('')}</div>`;
  if (content.poll) {
    const { question, options, settings } = content.poll;
    return `<div class="poll" data-kind="poll"><strong>${escapeHtml(question)}</strong><ul>${options.map((o) => `<li>${escapeHtml(o.text)}</li>`).join('')}</ul><div class="meta">Poll · ${escapeHtml(settings.duration.replace(/_/g, ' ').toLowerCase())}</div></div>`;
  }
  const media = content.media;
  if (!media) return '';
  const url = escapeHtml(assetUrl(media.id) ?? '');
  if (media.id.startsWith('urn:li:image:')) return `<div class="media one" data-kind="image">${img(media.id, media.altText)}</div>`;
  if (media.id.startsWith('urn:li:video:')) return `<div class="media one" data-kind="video"><video controls preload="metadata" src="${url}#t=0.1" data-urn="${escapeHtml(media.id)}"></video></div>`;
  return `<div class="document" data-kind="document" data-urn="${escapeHtml(media.id)}">📄 <strong>${escapeHtml(media.title ?? 'Document')}</strong> · <a href="${url}">open the document</a></div>`;
}

function postCard(post: SandboxPost, author: SandboxMember | undefined, avatarUrl: string, assetUrl: (urn: string) => string | undefined = () => undefined): string {
  const { parts, truncated } = renderLittleText(post.commentary);
  // Hashtags as LinkedIn shows them: blue links to the tag's feed (here, to nowhere).
  const text = parts.map((part) => (part.kind === 'text' ? escapeHtml(part.text) : `<a class="hashtag" href="#" data-hashtag="${escapeHtml(part.tag)}">#${escapeHtml(part.tag)}</a>`)).join('');
  return `<article class="card" data-urn="${escapeHtml(post.urn)}">
<div class="author"><img src="${escapeHtml(avatarUrl)}" alt=""><div>${escapeHtml(author?.name ?? post.author)}<div class="meta">${escapeHtml(post.createdAt)} · <a href="/feed/update/${encodeURIComponent(post.urn)}">${escapeHtml(post.urn)}</a></div></div></div>
<div class="text">${text}</div>${truncated ? '<p class="truncated">LinkedIn cut this post here: its little text had an unescaped reserved character.</p>' : ''}
${contentBlock(post, assetUrl)}</article>`;
}

export interface FeedEntry {
  post: SandboxPost;
  author: SandboxMember | undefined;
  avatarUrl: string;
  /** Where the sandbox serves an asset's bytes. */
  assetUrl?: (urn: string) => string | undefined;
}

export function feedPage(posts: FeedEntry[]): string {
  const cards = posts.map(({ post, author, avatarUrl, assetUrl }) => postCard(post, author, avatarUrl, assetUrl)).join('');
  return page('Published', `<h1>Published to the sandbox (${posts.length})</h1>${cards || '<p>Nothing published yet.</p>'}`);
}

export function postPage(entry: FeedEntry): string {
  return page('Post', `${postCard(entry.post, entry.author, entry.avatarUrl, entry.assetUrl)}<p><a href="/">All sandbox posts</a></p>`);
}

export function avatarSvg(name: string): string {
  const initials = name
    .split(/\s+/)
    .map((word) => word[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#0a66c2"/><text x="32" y="41" font-family="sans-serif" font-size="26" fill="#fff" text-anchor="middle">${escapeHtml(initials)}</text></svg>`;
}
