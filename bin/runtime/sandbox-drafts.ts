import { createHash } from 'node:crypto';
import type { PromptData } from '@lambdas/core/ai/prompts';

/**
 * Canned but plausible LinkedIn posts for the sandbox OpenAI server, built
 * from the request (topic, tone, audience, length, variant) and the same for
 * the same request, so screenshots and tests are stable. Never a model.
 */
export function sandboxAnswer(data: PromptData | undefined, variant: number): string {
  if (!data) return 'This is the Mark.0 sandbox. It only writes LinkedIn posts for requests made by Mark.0.';
  return data.task === 'drafts' ? draft(data, variant) : rewrite(data);
}

/** Hooks for a topic given as a subject ("remote onboarding"). */
const SUBJECT_HOOKS = [
  (t: string) => `${capitalize(t)}: most advice gets it backwards`,
  (t: string) => `I used to think ${t} was simple. I was wrong`,
  (t: string) => `3 things I wish I had known about ${t} sooner`,
  (t: string) => `Nobody talks about the hard part of ${t}`,
  (t: string) => `What changed my mind about ${t} this year`,
];

/** Hooks for a topic given as a sentence or question ("What I learned hiring my first ten engineers"). */
const SENTENCE_HOOKS = [
  (t: string) => `${capitalize(t)}: the short, honest version`,
  (t: string) => `I get asked about this a lot: ${t}`,
  (t: string) => `${capitalize(t)}. It is not what I expected`,
];

const BODY = [
  'The first lesson: start smaller than feels comfortable. A small step you actually take beats a perfect plan you keep postponing.',
  'The second: write down what you expect before you begin. It is the only honest way to learn what really worked.',
  'The third: ask the people closest to the work. They usually knew the answer before the meeting started.',
  'It is rarely about the tools. It is about the habits you repeat when nobody is watching.',
  'Most teams I have worked with did not lack ideas. They lacked a short feedback loop.',
  'I got this wrong for years, and it cost more than I like to admit: time, trust and a few good people.',
  'What finally worked was boring: one small change a week, measured, and kept only if it helped.',
  'The surprise was how quickly momentum builds once the first result is visible to everyone.',
  'If I started again tomorrow, I would spend the first month listening and the second month shipping.',
];

const STOPWORDS = new Set(['about', 'after', 'their', 'there', 'these', 'those', 'which', 'while', 'with', 'from', 'into', 'your', 'what', 'when', 'that', 'this', 'have', 'more', 'than', 'them', 'they', 'were', 'will', 'would', 'could', 'should', 'learned', 'first', 'things', 'lessons', 'years']);
const PARAGRAPHS = { short: 2, medium: 4, long: 8 } as const;

function draft(data: Extract<PromptData, { task: 'drafts' }>, variant: number): string {
  const seed = hash(`${data.topic}|${data.tone ?? ''}|${data.audience ?? ''}|${data.length}`);
  const topic = topicPhrase(data.topic);
  const tone = (data.tone ?? '').toLowerCase();
  const ending = /bold|confident|direct|provocative/.test(tone) ? '!' : /playful|fun|casual|friendly|warm/.test(tone) ? '. 🙂' : '.';
  const hooks = /^(what|how|why|when|where|who|lessons?|things)\b/i.test(topic) || topic.split(/\s+/).length > 6 ? SENTENCE_HOOKS : SUBJECT_HOOKS;
  const hook = hooks[(seed + variant) % hooks.length]!(topic.replace(/[?:]$/, '')) + ending;
  const body = Array.from({ length: PARAGRAPHS[data.length] }, (_, i) => BODY[(seed + variant * 2 + i) % BODY.length]!);
  if (data.audience) body.splice(1, 0, `If you are one of the ${data.audience} reading this, this matters more than any trend this quarter.`);
  const closing = hooks === SUBJECT_HOOKS ? `What has your experience with ${topic} been? Tell me in the comments.` : 'What has your experience been? Tell me in the comments.';
  return [hook, ...body, closing, hashtags(data.topic)].join('\n\n');
}

function rewrite(data: Extract<PromptData, { task: 'rewrite' }>): string {
  const paragraphs = data.post.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const tags = paragraphs.length > 1 && /^(#\S+\s*)+$/.test(paragraphs.at(-1)!) ? [paragraphs.pop()!] : [];
  const instruction = data.instruction.toLowerCase();
  let result = paragraphs;
  if (/short|concise|brief|trim|tight/.test(instruction)) result = paragraphs.slice(0, 2);
  else if (/personal|story|human|warm/.test(instruction)) result = ['Here is something I have not shared before.', ...paragraphs];
  else if (/long|expand|detail|more/.test(instruction)) result = [...paragraphs, 'To make it concrete: the smallest version of this takes an afternoon, and the result is visible by Friday.'];
  if (/call to action|cta|comment|engage/.test(instruction)) result = [...result, 'What would you add? Share it in the comments, and follow me for more like this.'];
  if (result.join('\n\n') === paragraphs.join('\n\n')) result = [...paragraphs.slice(0, -1), `${paragraphs.at(-1)} (Revised: clearer and tighter.)`];
  return [...result, ...tags].join('\n\n');
}

/** The topic as a phrase for a sentence: its first clause, at most ~80 characters, lower-cased start. */
function topicPhrase(topic: string): string {
  const clause = topic.split(/[.!?\n]/)[0]!.trim();
  const short = clause.length > 80 ? `${clause.slice(0, 80).replace(/\s+\S*$/, '')}` : clause;
  return /^[A-Z][a-z]/.test(short) ? short.charAt(0).toLowerCase() + short.slice(1) : short;
}

function hashtags(topic: string): string {
  const words = topic.match(/\p{L}[\p{L}\p{N}]{3,}/gu) ?? [];
  const tags = [...new Set(words.map((w) => w.toLowerCase()).filter((w) => !STOPWORDS.has(w)))].slice(0, 3).map((w) => `#${capitalize(w)}`);
  return tags.length > 0 ? tags.join(' ') : '#Career';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function hash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
