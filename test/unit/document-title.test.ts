import { describe, expect, it } from 'vitest';
import { MEDIA_LIMITS, defaultDocumentTitle } from '@contract/api/media';

describe('the title of a document the user gave none', () => {
  it.each([
    ['Q3 review.pdf', 'Q3 review'],
    ['Deck.PDF', 'Deck'],
    ['report.final.pdf', 'report.final'],
    ['notes', 'notes'],
    ['Pitch.pptx', 'Pitch'],
    ['Essay.docx', 'Essay'],
    ['photo.png', 'photo.png'],
    ['  spaced .pdf', 'spaced'],
    ['.pdf', '.pdf'],
    ['résumé 🚀.pdf', 'résumé 🚀'],
  ])('%s reads %s', (fileName, title) => {
    expect(defaultDocumentTitle(fileName)).toBe(title);
  });

  it("stays within LinkedIn's limit, an emoji counting once", () => {
    expect(defaultDocumentTitle(`${'🚀'.repeat(MEDIA_LIMITS.maxDocumentTitleCharacters + 5)}.pdf`)).toBe('🚀'.repeat(MEDIA_LIMITS.maxDocumentTitleCharacters));
  });
});
