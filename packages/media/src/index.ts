export { decodeImage, type DecodedImage } from './image/decode-image.js';
export {
  DEFAULT_IMAGE_DECODE_LIMITS,
  resolveImageDecodeLimits,
  type ImageDecodeLimits,
} from './image/decode-limits.js';
export {
  SUPPORTED_IMAGE_FORMATS,
  isAnimatedPng,
  sniffImageFormat,
  type ImageFormat,
} from './image/image-format.js';
export {
  bundledFfmpegPath,
  resolveFfmpeg,
  decodeAnimationWithFfmpeg,
  decodeVideoFrames,
  type DecodedVideo,
  type VideoFrameSample,
} from './video/decode-video.js';
export { sniffMediaKind, sniffVideoFormat, type VideoFormat } from './video/video-format.js';
export {
  DEFAULT_VIDEO_DECODE_LIMITS,
  resolveVideoDecodeLimits,
  type VideoDecodeLimits,
} from './video/video-limits.js';
export {
  decodeAnimationFrames,
  type AnimationFrame,
  type DecodedAnimation,
} from './image/decode-animation.js';
export { FrameSampler, SCENE_CHANGE_THRESHOLD } from './frames/frame-sampler.js';
