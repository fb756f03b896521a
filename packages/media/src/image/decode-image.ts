import { AppError } from '@haechi/core';
import type { PixelImage } from '@haechi/hashing';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { cmykToRgb } from './cmyk-to-rgb.js';
import { resolveImageDecodeLimits, type ImageDecodeLimits } from './decode-limits.js';
import { classifyDecodeError } from './decoder-errors.js';
import { runExclusive } from './exclusive.js';
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

/** Refuses, from the header alone, images larger than the limits (decompression bombs included). */
function checkDimensions(
  meta: Metadata,
  format: ImageFormat,
  limits: ImageDecodeLimits,
): { width: number; height: number } {
  const width = meta.width;
  // For animated images sharp reports one page's height in pageHeight; only the first page is decoded.
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

/** Reads the header, checks the limits, decodes the first frame. Throws AppError or sharp's Error. */
async function decodeFirstFrame(
  bytes: Uint8Array,
  format: ImageFormat,
  limits: ImageDecodeLimits,
): Promise<DecodedImage> {
  const options: SharpOptions = {
    failOn: 'truncated',
    limitInputPixels: limits.maxPixels,
    ignoreIcc: true,
    pages: 1,
    page: 0,
  };
  // The header alone, without sharp's pixel limit, so checkDimensions can say exactly what is wrong.
  const meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  const { width, height } = checkDimensions(meta, format, limits);
  const header = {
    width,
    height,
    format,
    orientation: meta.orientation,
    frameCount: meta.pages ?? 1,
  };
  const pipeline = sharp(bytes, options).timeout({ seconds: limits.timeoutSeconds });

  if (meta.space === 'cmyk') {
    const { data } = await pipeline
      .pipelineColourspace('cmyk')
      .toColourspace('cmyk')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { ...header, channels: 3, data: cmykToRgb(data, width * height) };
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
  return { ...header, channels, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
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
  try {
    return await decodeFirstFrame(bytes, format, limits);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const first = classifyDecodeError(error, format, bytes);
    if (first.explained) throw first.error;
    // libvips keeps error text in one process-wide buffer, so a failure among concurrent decodes can
    // lose its message ("Unknown error"). Failures are rare: retry this one alone to learn why.
    return runExclusive(() => decodeFirstFrame(bytes, format, limits)).catch(
      (retryError: unknown) => {
        throw retryError instanceof AppError
          ? retryError
          : classifyDecodeError(retryError, format, bytes).error;
      },
    );
  }
}
