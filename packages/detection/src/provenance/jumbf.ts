/** One JUMBF box (ISO/IEC 19566-5): a superbox (`jumb`) with its description, or a content box. */
export interface JumbfBox {
  readonly type: string;
  /** Superboxes: the label from their description box (`jumd`), e.g. `c2pa.actions`. */
  readonly label: string | null;
  /** Superboxes: the content type UUID from their description box, hex. */
  readonly contentType: string | null;
  readonly children: readonly JumbfBox[];
  /** Content boxes: their payload (CBOR, JSON…). */
  readonly payload: Uint8Array;
}

const latin1 = new TextDecoder('latin1');
const MAX_DEPTH = 16;

/** Parses a sequence of boxes; stops at the first one that does not fit (never reads past the end). */
export function parseBoxes(bytes: Uint8Array, depth = 0): JumbfBox[] {
  const boxes: JumbfBox[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  while (i + 8 <= bytes.length) {
    let size = view.getUint32(i);
    const type = latin1.decode(bytes.subarray(i + 4, i + 8));
    let header = 8;
    if (size === 1) {
      if (i + 16 > bytes.length) break;
      size = Number(view.getBigUint64(i + 8));
      header = 16;
    } else if (size === 0) size = bytes.length - i;
    if (size < header || i + size > bytes.length) break;
    const payload = bytes.subarray(i + header, i + size);
    if (type === 'jumb' && depth < MAX_DEPTH) boxes.push(superbox(payload, depth));
    else boxes.push({ type, label: null, contentType: null, children: [], payload });
    i += size;
  }
  return boxes;
}

function superbox(payload: Uint8Array, depth: number): JumbfBox {
  const children = parseBoxes(payload, depth + 1);
  const description = children[0]?.type === 'jumd' ? children[0].payload : null;
  let label: string | null = null;
  let contentType: string | null = null;
  if (description && description.length >= 17) {
    contentType = [...description.subarray(0, 16)]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    const toggles = description[16];
    if (toggles & 0x02) {
      const end = description.indexOf(0, 17);
      label = latin1.decode(description.subarray(17, end < 0 ? description.length : end));
    }
  }
  return {
    type: 'jumb',
    label,
    contentType,
    children: children.slice(description ? 1 : 0),
    payload,
  };
}
