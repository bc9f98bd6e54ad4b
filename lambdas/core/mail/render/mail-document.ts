/**
 * A mail as blocks, rendered twice: a plain-text part and an HTML part saying the same thing, so every mail
 * reads well in any client. Links are absolute (the caller builds them on the web app's origin).
 */
export interface MailLink {
  label: string;
  url: string;
}

export type Block =
  | { type: 'p'; text: string }
  | { type: 'list'; items: { text: string; detail?: string; link?: MailLink }[] }
  | { type: 'action'; link: MailLink };

export interface MailFooter {
  /** "You get this mail because …" names the kind. */
  kindLabel: string;
  unsubscribeUrl: string;
  settingsUrl: string;
  /** Which time zone the times are in, and what to do about it. */
  zoneNote: string;
}

export interface MailDocument {
  subject: string;
  heading: string;
  blocks: Block[];
  footer: MailFooter;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export function renderMail(doc: MailDocument): MailContent {
  return { subject: oneLine(doc.subject), text: renderText(doc), html: renderHtml(doc) };
}

function renderText(doc: MailDocument): string {
  const lines: string[] = [doc.heading, ''];
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'p':
        lines.push(block.text, '');
        break;
      case 'list':
        for (const item of block.items) {
          lines.push(`- ${item.text}`);
          if (item.detail) lines.push(`  ${item.detail}`);
          if (item.link) lines.push(`  ${item.link.label}: ${item.link.url}`);
        }
        lines.push('');
        break;
      case 'action':
        lines.push(`${block.link.label}: ${block.link.url}`, '');
        break;
    }
  }
  const { footer } = doc;
  lines.push(
    '--',
    footer.zoneNote,
    `You get this mail because "${footer.kindLabel}" is on in your Mark.0 settings.`,
    `Stop these mails: ${footer.unsubscribeUrl}`,
    `All mail settings: ${footer.settingsUrl}`,
  );
  return `${lines.join('\n')}\n`;
}

function renderHtml(doc: MailDocument): string {
  const body = doc.blocks
    .map((block) => {
      switch (block.type) {
        case 'p':
          return `<p style="margin:0 0 16px">${escapeHtml(block.text)}</p>`;
        case 'list':
          return `<ul style="margin:0 0 16px;padding-left:20px">${block.items
            .map(
              (item) =>
                `<li style="margin:0 0 8px">${escapeHtml(item.text)}` +
                (item.detail ? `<br><span style="color:#555">${escapeHtml(item.detail)}</span>` : '') +
                (item.link ? `<br>${anchor(item.link)}` : '') +
                '</li>',
            )
            .join('')}</ul>`;
        case 'action':
          return (
            `<p style="margin:0 0 16px"><a href="${escapeHtml(block.link.url)}" ` +
            'style="display:inline-block;padding:10px 16px;background:#0a66c2;color:#fff;text-decoration:none;border-radius:4px">' +
            `${escapeHtml(block.link.label)}</a></p>`
          );
      }
    })
    .join('\n');
  const { footer } = doc;
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(oneLine(doc.subject))}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:15px;line-height:1.5;color:#1d1d1d">',
    `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(doc.heading)}</h1>`,
    body,
    '<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px">',
    `<p style="font-size:13px;color:#555;margin:0 0 8px">${escapeHtml(footer.zoneNote)}</p>`,
    `<p style="font-size:13px;color:#555;margin:0">You get this mail because “${escapeHtml(footer.kindLabel)}” is on in your Mark.0 settings. ` +
      `${anchor({ label: 'Stop these mails', url: footer.unsubscribeUrl })} · ${anchor({ label: 'All mail settings', url: footer.settingsUrl })}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}

function anchor(link: MailLink): string {
  return `<a href="${escapeHtml(link.url)}" style="color:#0a66c2">${escapeHtml(link.label)}</a>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Subjects are one line: no header injection through a line break, whatever the text. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}
