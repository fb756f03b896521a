import { describe, expect, it } from 'vitest';
import { FrameSampler, SCENE_CHANGE_BURST } from './frame-sampler.js';

const flat = (value: number) => ({
  width: 4,
  height: 4,
  channels: 1 as const,
  data: new Uint8Array(16).fill(value),
});

describe('FrameSampler', () => {
  it('keeps one frame a second and the first frame of each new scene', () => {
    const sampler = new FrameSampler(1);
    const shown = [0, 0, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0].map((v, i) => ({ v, t: i * 0.25 }));
    expect(shown.filter(({ v, t }) => sampler.keep(flat(v), t)).map(({ t }) => t)).toEqual([
      0, 1, 1.5, 2.5,
    ]);
  });

  it('keeps no more than the sampling rate and a burst when every frame is a new scene', () => {
    const sampler = new FrameSampler(1);
    let kept = 0;
    // Ten seconds of black and white swapping every 40 ms: 250 "scene changes".
    for (let i = 0; i < 250; i++) if (sampler.keep(flat(i % 2 ? 255 : 0), i * 0.04)) kept++;
    expect(kept).toBeLessThanOrEqual(10 + 1 + SCENE_CHANGE_BURST);
    expect(kept).toBeGreaterThanOrEqual(10);
  });
});
