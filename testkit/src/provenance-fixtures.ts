// Builders of benign test files that carry provenance metadata: C2PA manifest stores (JUMBF) in
// JPEG APP11 packets or a PNG caBX chunk, and PNG text chunks, inserted into ordinary images.
import { crc32 } from 'node:zlib';
import { encode } from 'cborg';

export const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
export const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
export const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return new Uint8Array(b);
};
const box = (type: string, payload: Uint8Array) =>
  concat(u32(8 + payload.length), ascii(type), payload);
/** A JUMBF superbox: description (content-type UUID, toggles, label) then the children. */
const superbox = (uuidHex: string, label: string, ...children: Uint8Array[]) =>
  box(
    'jumb',
    concat(
      box(
        'jumd',
        concat(
          new Uint8Array(Buffer.from(uuidHex, 'hex')),
          new Uint8Array([0x03]),
          ascii(`${label}\u0000`),
        ),
      ),
      ...children,
    ),
  );
const C2PA = '6332706100110010800000aa00389b71';
const C2MA = '63326d6100110010800000aa00389b71';
const C2AS = '6332617300110010800000aa00389b71';
const CBOR = '63626f7200110010800000aa00389b71';
const C2CL = '6332636c00110010800000aa00389b71';

/** A C2PA manifest store as a generator writes it: one manifest, a claim and a c2pa.actions assertion. */
export function manifestStore(digitalSourceType: string, generator = 'ImageMaker/2.1'): Uint8Array {
  const actions = encode({
    actions: [{ action: 'c2pa.created', digitalSourceType, softwareAgent: { name: generator } }],
  });
  const claim = encode({ claim_generator_info: [{ name: generator, version: '2.1' }] });
  return superbox(
    C2PA,
    'c2pa',
    superbox(
      C2MA,
      'urn:uuid:5b3b8f0a-0000-4000-8000-000000000001',
      superbox(C2AS, 'c2pa.assertions', superbox(CBOR, 'c2pa.actions', box('cbor', actions))),
      superbox(C2CL, 'c2pa.claim', box('cbor', claim)),
    ),
  );
}

/** Inserts JPEG segments right after SOI. */
export const withSegments = (jpeg: Uint8Array, ...segments: Uint8Array[]) =>
  concat(jpeg.subarray(0, 2), ...segments, jpeg.subarray(2));
const segment = (marker: number, payload: Uint8Array) => {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker);
  head.writeUInt16BE(payload.length + 2, 2);
  return concat(new Uint8Array(head), payload);
};
/** The JUMBF split into APP11 packets (JPEG XT), as large manifests are. */
export function app11Packets(jumbf: Uint8Array, size: number): Uint8Array[] {
  const packets: Uint8Array[] = [];
  const header = jumbf.subarray(0, 8); // LBox + TBox, repeated in every packet after the first
  for (let at = 0, seq = 1; at < jumbf.length; seq++) {
    const first = at === 0;
    const chunk = jumbf.subarray(at, at + size);
    const ci = Buffer.alloc(8);
    ci.write('JP', 0, 'latin1');
    ci.writeUInt16BE(1, 2);
    ci.writeUInt32BE(seq, 4);
    packets.push(
      segment(0xeb, concat(new Uint8Array(ci), first ? new Uint8Array() : header, chunk)),
    );
    at += chunk.length;
  }
  return packets;
}
/** Inserts a PNG chunk after IHDR, with its CRC. */
export function withPngChunk(png: Uint8Array, type: string, data: Uint8Array): Uint8Array {
  const body = concat(ascii(type), data);
  const chunk = concat(u32(data.length), body, u32(crc32(body)));
  return concat(png.subarray(0, 33), chunk, png.subarray(33));
}
