import sharp from 'sharp';
import { border, centreCrop, gif, letterbox, screenshot, sideCrop } from './made-variants.js';

/**
 * The alterations a re-upload typically has, each made from the original file (with sharp, and
 * ffmpeg for the video and the GIF). A transform gives the copy's file: an image, an animation or
 * a video, screened as such.
 */
export const TRANSFORMS: Readonly<Record<string, (bytes: Uint8Array) => Promise<Buffer>>> = {
  'resize-50': async (b) => {
    const { width = 2 } = await sharp(b).metadata();
    return sharp(b)
      .resize(Math.max(1, Math.round(width / 2)))
      .png()
      .toBuffer();
  },
  'jpeg-q30': (b) => sharp(b).jpeg({ quality: 30 }).toBuffer(),
  greyscale: (b) => sharp(b).greyscale().png().toBuffer(),
  'blur-2': (b) => sharp(b).blur(2).png().toBuffer(),
  'brighter-30': (b) => sharp(b).modulate({ brightness: 1.3 }).png().toBuffer(),
  'caption-bar': async (b) => {
    const { width = 1, height = 1 } = await sharp(b).metadata();
    const bar = Math.max(1, Math.round(height * 0.12));
    const black = await sharp({
      create: { width, height: bar, channels: 3, background: { r: 0, g: 0, b: 0 } },
    })
      .png()
      .toBuffer();
    return sharp(b)
      .composite([{ input: black, top: height - bar, left: 0 }])
      .png()
      .toBuffer();
  },
  'crop-5': async (b) => {
    const { width = 1, height = 1 } = await sharp(b).metadata();
    const dx = Math.floor(width * 0.05);
    const dy = Math.floor(height * 0.05);
    return sharp(b)
      .extract({ left: dx, top: dy, width: width - 2 * dx, height: height - 2 * dy })
      .png()
      .toBuffer();
  },
  'crop-10': centreCrop(10),
  'crop-20': centreCrop(20),
  'crop-side-10': sideCrop,
  border,
  screenshot,
  letterbox,
  gif,
  mirror: (b) => sharp(b).flop().png().toBuffer(),
  'rotate-90': (b) => sharp(b).rotate(90).png().toBuffer(),
};
