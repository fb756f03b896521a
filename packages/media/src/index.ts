export { decodeImage, type DecodedImage } from './image/decode-image.js';
export {
  DEFAULT_IMAGE_DECODE_LIMITS,
  resolveImageDecodeLimits,
  type ImageDecodeLimits,
} from './image/decode-limits.js';
export {
  SUPPORTED_IMAGE_FORMATS,
  sniffImageFormat,
  type ImageFormat,
} from './image/image-format.js';
