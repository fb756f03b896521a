/** One decoded frame from ffmpeg's PPM stream: 8-bit RGB. */
export interface RgbFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

const HEADER = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/;

/**
 * Splits ffmpeg's `-f image2pipe -c:v ppm` output into frames as chunks arrive: each frame is a
 * "P6 W H 255" header and W·H·3 bytes. Only what one frame needs is buffered.
 */
export class PpmFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes: number) {}

  /** Frames completed by this chunk. Throws on a stream that is not PPM. */
  push(chunk: Buffer): RgbFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: RgbFrame[] = [];
    for (;;) {
      const head = this.pending.subarray(0, 32).toString('latin1');
      const match = HEADER.exec(head);
      if (!match) {
        if (this.pending.length >= 32)
          throw new Error('the decoder wrote something other than PPM');
        return frames;
      }
      const width = Number(match[1]);
      const height = Number(match[2]);
      if (match[3] !== '255') throw new Error(`unexpected PPM depth ${match[3]}`);
      const size = width * height * 3;
      if (size > this.maxFrameBytes)
        throw new Error(`a ${width}×${height} frame is over the limit`);
      const start = match[0].length;
      if (this.pending.length < start + size) return frames;
      const data = new Uint8Array(size);
      data.set(this.pending.subarray(start, start + size));
      frames.push({ width, height, data });
      this.pending = this.pending.subarray(start + size);
    }
  }

  /** Bytes of an unfinished frame left at the end (0 when the stream ended cleanly). */
  get leftover(): number {
    return this.pending.length;
  }
}
