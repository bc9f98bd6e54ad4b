/**
 * Hands a file to the browser's downloads (an object URL on a temporary link).
 * The URL is revoked on the next turn, once the browser has started reading it.
 */
export function saveFile(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Whether an export is whole: its last member is `"complete":true` (a stream cut off half-way lacks it). */
export async function isCompleteExport(blob: Blob): Promise<boolean> {
  const tail = await blob.slice(Math.max(0, blob.size - 64)).text();
  return /"complete":true}\s*$/.test(tail);
}
