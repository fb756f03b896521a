/**
 * IPTC Digital Source Type codes (cv.iptc.org/newscodes/digitalsourcetype) that mean the content was
 * made or changed by generative AI, with the label and the weight of that evidence. Codes for
 * cameras, scans or ordinary edits mean nothing here.
 */
export const AI_SOURCE_TYPES: Readonly<
  Record<string, { readonly label: 'ai_generated' | 'ai_composited'; readonly score: number }>
> = {
  trainedAlgorithmicMedia: { label: 'ai_generated', score: 0.95 },
  compositeWithTrainedAlgorithmicMedia: { label: 'ai_composited', score: 0.95 },
  algorithmicMedia: { label: 'ai_generated', score: 0.7 },
  compositeSynthetic: { label: 'ai_composited', score: 0.8 },
};

/** The code of a source type given as a URI or a bare code; null for anything else. */
export function sourceTypeCode(value: string): string | null {
  const match =
    /^(?:https?:\/\/cv\.iptc\.org\/newscodes\/digitalsourcetype\/)?([A-Za-z]+)\/?$/.exec(
      value.trim(),
    );
  return match ? match[1] : null;
}
