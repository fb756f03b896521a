import { AppError, type ErrorCode } from '@haechi/core';
import { isContainerTruncated } from './container-truncation.js';
import type { ImageFormat } from './image-format.js';

interface DecoderMessageRule {
  readonly pattern: RegExp;
  readonly code: ErrorCode;
  readonly message: (f: ImageFormat) => string;
}

const TRUNCATED_RULE: DecoderMessageRule = {
  pattern:
    /premature end|truncated|unexpected end|read error|short read|not enough data|insufficient input/i,
  code: 'media_truncated',
  message: (f) => `the ${f} file ends early (truncated or damaged)`,
};

// libvips' messages mapped to our codes, first match wins.
const DECODER_MESSAGE_RULES: readonly DecoderMessageRule[] = [
  {
    pattern: /not been built in|unsupported (codec|feature|compression)|no decoding plugin/i,
    code: 'media_unsupported_type',
    message: (f) => `this build cannot decode ${f} images of this kind`,
  },
  {
    pattern: /pixel limit/i,
    code: 'media_too_many_pixels',
    message: (f) => `the ${f} image has more pixels than the limit`,
  },
  {
    pattern: /timeout/i,
    code: 'media_timeout',
    message: (f) => `decoding the ${f} image took longer than the time limit`,
  },
  TRUNCATED_RULE,
];

export interface ClassifiedDecodeError {
  readonly error: AppError;
  /** False when nothing explained the failure: the decoder's message may have been lost. */
  readonly explained: boolean;
}

/**
 * Maps a decoder failure to an AppError. The container's structure decides truncation first (it is
 * deterministic); then the decoder's message. The decoder's words go into `details` (first line
 * only), never into the message a client sees.
 */
export function classifyDecodeError(
  cause: unknown,
  format: ImageFormat,
  bytes: Uint8Array,
): ClassifiedDecodeError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const details = { format, decoder: (reason.split('\n')[0] ?? '').slice(0, 200) };
  const truncated = isContainerTruncated(format, bytes);
  // When the container shows the file whole, a "truncated" message cannot be this file's own: with
  // concurrent decodes libvips may hand over another decode's words. The file is damaged instead.
  const rules =
    truncated === false
      ? DECODER_MESSAGE_RULES.filter((r) => r !== TRUNCATED_RULE)
      : DECODER_MESSAGE_RULES;
  const rule = truncated === true ? TRUNCATED_RULE : rules.find((r) => r.pattern.test(reason));
  if (rule)
    return {
      error: new AppError(rule.code, rule.message(format), { details, cause }),
      explained: true,
    };
  return {
    error: new AppError('media_corrupt', `the ${format} image is damaged and cannot be decoded`, {
      details,
      cause,
    }),
    explained: !/unknown error/i.test(reason) && reason.trim() !== '',
  };
}
