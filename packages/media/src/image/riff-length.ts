/**
 * True when a RIFF container (WebP) declares more bytes than were received. libwebp reports a cut-off
 * file only as "unable to parse image", so the container's own length field tells truncation apart
 * from damage.
 */
export function isRiffTruncated(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return true;
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 12).getUint32(4, true);
  return declared + 8 > bytes.length;
}
