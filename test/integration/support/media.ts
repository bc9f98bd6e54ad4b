import { expect } from 'vitest';
import type { ApiClient } from './test-runtime';

export interface UploadedMedia {
  id: string;
  kind: string;
  status: string;
  previewUrl: string | null;
  [key: string]: unknown;
}

/** POST /v1/media with the file's facts, as the web app does before it uploads. */
export function announce(user: ApiClient, kind: string, bytes: Buffer, contentType: string, fileName = `file-${kind}`) {
  return user.post('/v1/media', { kind, contentType, size: bytes.length, fileName });
}

/** PUTs the bytes to the signed URL with the headers it names (the client's Content-Length is the body's). */
export function put(upload: { url: string; method: string; headers: Record<string, string> }, bytes: Buffer, headers: Record<string, string> = {}) {
  return fetch(upload.url, { method: upload.method, headers: { ...upload.headers, ...headers }, body: bytes });
}

/** The whole upload, as the web app does it: announce, PUT, complete. Returns the completed media (200 expected). */
export async function upload(user: ApiClient, kind: string, bytes: Buffer, contentType: string, fileName?: string): Promise<UploadedMedia> {
  const created = await announce(user, kind, bytes, contentType, fileName);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sent = await put(created.body.upload, bytes);
  expect(sent.status, await sent.text()).toBe(200);
  const completed = await user.post(`/v1/media/${created.body.id}/complete`);
  expect(completed.status, JSON.stringify(completed.body)).toBe(200);
  return completed.body as UploadedMedia;
}
