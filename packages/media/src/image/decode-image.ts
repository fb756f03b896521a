import { AppError, type ErrorCode } from '@haechi/core';
import type { PixelImage } from '@haechi/hashing';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { cmykToRgb } from './cmyk-to-rgb.js';
import { resolveImageDecodeLimits, type ImageDecodeLimits } from './decode-limits.js';
import { isRiffTruncated } from './riff-length.js';
import { describeUnknownBytes, sniffImageFormat, type ImageFormat } from './image-format.js';

/** Decoded pixels of the first frame, in stored order, plus what the header said. */
export interface DecodedImage extends PixelImage {
  readonly format: ImageFormat;
  /** EXIF orientation tag (1…8) when present. Reported, not applied: see {@link decodeImage}. */
  readonly orientation: number | undefined;
  /** Frames in the file (animated GIF/WebP, multi-page TIFF); only the first is decoded. */
  readonly frameCount: number;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB (${n} bytes)` : `${n} bytes`;
}

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

// libvips' messages mapped to our codes, first match wins. The decoder's own words go into
// `details` (first line only), never into the message a client sees.
const DECODER_MESSAGE_RULES: readonly DecoderMessageRule[] = [
  {
    pattern: /not been built in|unsupported (codec|feature|compression)/i,
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

function toDecodeError(error: unknown, format: ImageFormat, bytes: Uint8Array): AppError {
  const reason = error instanceof Error ? error.message : String(error);
  const details = { format, decoder: (reason.split('\n')[0] ?? '').slice(0, 200) };
  const rule =
    format === 'webp' && isRiffTruncated(bytes)
      ? TRUNCATED_RULE
      : DECODER_MESSAGE_RULES.find((r) => r.pattern.test(reason));
  if (rule) return new AppError(rule.code, rule.message(format), { details, cause: error });
  return new AppError('media_corrupt', `the ${format} image is damaged and cannot be decoded`, {
    details,
    cause: error,
  });
}

function checkDimensions(
  meta: Metadata,
  format: ImageFormat,
  limits: ImageDecodeLimits,
): { width: number; height: number } {
  const width = meta.width;
  // For animated images sharp reports one page's height in pageHeight; we decode only the first page.
  const height = meta.pageHeight ?? meta.height;
  if (!width || !height) {
    throw new AppError('media_corrupt', `the ${format} header has no valid width and height`, {
      details: { format },
    });
  }
  if (width > limits.maxDimension || height > limits.maxDimension) {
    throw new AppError(
      'media_too_many_pixels',
      `the image is ${width}×${height}; the largest side allowed is ${limits.maxDimension} pixels`,
      { details: { format, width, height, maxDimension: limits.maxDimension } },
    );
  }
  if (width * height > limits.maxPixels) {
    throw new AppError(
      'media_too_many_pixels',
      `the image is ${width}×${height} = ${width * height} pixels; the limit is ${limits.maxPixels} pixels`,
      { details: { format, width, height, maxPixels: limits.maxPixels } },
    );
  }
  return { width, height };
}

/**
 * Decodes the first frame of a JPEG, PNG, WebP, GIF, TIFF or AVIF (HEIC where libvips was built with
 * HEVC) into 8-bit pixels: 1 channel for grey images, 3 (RGB) otherwise, alpha dropped.
 *
 * The pixels are those the PDQ reference hashes: stored order (EXIF orientation not applied, as the
 * reference ignores it and the dihedral variants cover rotations), no ICC colour management, CMYK
 * converted as ImageMagick does. Refuses empty, oversized, unknown, truncated and bomb inputs with an
 * {@link AppError} before spending memory on them.
 */
export async function decodeImage(
  bytes: Uint8Array,
  limitOverrides: Partial<ImageDecodeLimits> = {},
): Promise<DecodedImage> {
  const limits = resolveImageDecodeLimits(limitOverrides);
  if (bytes.length === 0) throw new AppError('media_empty', 'the file is empty (0 bytes)');
  if (bytes.length > limits.maxInputBytes) {
    throw new AppError(
      'media_too_large',
      `the file is ${formatBytes(bytes.length)}; the limit is ${formatBytes(limits.maxInputBytes)}`,
      { details: { size: bytes.length, maxInputBytes: limits.maxInputBytes } },
    );
  }
  const format = sniffImageFormat(bytes);
  if (!format) {
    throw new AppError(
      'media_unsupported_type',
      `not a supported image (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC): the data looks like ${describeUnknownBytes(bytes)}`,
    );
  }

  const options: SharpOptions = {
    failOn: 'truncated',
    limitInputPixels: limits.maxPixels,
    ignoreIcc: true,
    pages: 1,
    page: 0,
  };
  let meta: Metadata;
  try {
    // The header alone, without the pixel limit, so our own check below can say exactly what is wrong.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch (error) {
    throw toDecodeError(error, format, bytes);
  }
  const { width, height } = checkDimensions(meta, format, limits);

  try {
    const pipeline = sharp(bytes, options).timeout({ seconds: limits.timeoutSeconds });
    if (meta.space === 'cmyk') {
      const { data } = await pipeline
        .pipelineColourspace('cmyk')
        .toColourspace('cmyk')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      return {
        width,
        height,
        channels: 3,
        data: cmykToRgb(data, width * height),
        format,
        orientation: meta.orientation,
        frameCount: meta.pages ?? 1,
      };
    }
    const isGrey = meta.space === 'b-w' || meta.space === 'grey16';
    const { data, info } = await pipeline
      .removeAlpha()
      .toColourspace(isGrey ? 'b-w' : 'srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const channels = info.channels === 1 ? 1 : 3;
    if (info.channels !== channels || info.width !== width || info.height !== height) {
      throw new Error(`unexpected decoder output ${info.width}×${info.height}×${info.channels}`);
    }
    return {
      width,
      height,
      channels,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      format,
      orientation: meta.orientation,
      frameCount: meta.pages ?? 1,
    };
  } catch (error) {
    throw toDecodeError(error, format, bytes);
  }
}
