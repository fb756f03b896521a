/**
 * The Merkle–Damgård frame shared by MD5 and SHA-256: 64-byte blocks, padding with 0x80, zeros and
 * the message length in bits (little-endian for MD5, big-endian for SHA-256). Subclasses only say how
 * a block updates their state and how the state becomes the digest.
 */
export abstract class BlockDigest {
  private readonly block = new Uint8Array(64);
  private readonly blockView = new DataView(this.block.buffer);
  private blockLength = 0;
  private totalBytes = 0;
  private finished = false;

  protected abstract readonly lengthIsLittleEndian: boolean;
  protected abstract processBlock(view: DataView, offset: number): void;
  protected abstract stateBytes(): Uint8Array;

  /** Adds bytes; call as often as needed, then {@link digest} once. */
  update(bytes: Uint8Array): this {
    if (this.finished) throw new Error('digest already finished; create a new one');
    let offset = 0;
    this.totalBytes += bytes.length;
    if (this.blockLength > 0) {
      const take = Math.min(64 - this.blockLength, bytes.length);
      this.block.set(bytes.subarray(0, take), this.blockLength);
      this.blockLength += take;
      offset = take;
      if (this.blockLength < 64) return this;
      this.processBlock(this.blockView, 0);
      this.blockLength = 0;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (; offset + 64 <= bytes.length; offset += 64) this.processBlock(view, offset);
    this.block.set(bytes.subarray(offset), 0);
    this.blockLength = bytes.length - offset;
    return this;
  }

  /** Pads, finishes and returns the digest bytes. */
  digest(): Uint8Array {
    if (this.finished) throw new Error('digest already finished; create a new one');
    const bitLength = this.totalBytes * 8;
    this.block[this.blockLength++] = 0x80;
    if (this.blockLength > 56) {
      this.block.fill(0, this.blockLength);
      this.processBlock(this.blockView, 0);
      this.blockLength = 0;
    }
    this.block.fill(0, this.blockLength);
    // Bit length as 64 bits; exact for messages up to 2^53 bits.
    const high = Math.floor(bitLength / 2 ** 32);
    const low = bitLength >>> 0;
    if (this.lengthIsLittleEndian) {
      this.blockView.setUint32(56, low, true);
      this.blockView.setUint32(60, high, true);
    } else {
      this.blockView.setUint32(56, high, false);
      this.blockView.setUint32(60, low, false);
    }
    this.processBlock(this.blockView, 0);
    this.finished = true;
    return this.stateBytes();
  }
}
