import { createHash } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * A file of named typed arrays and a JSON header:
 *
 *     MAGIC | array 0 | array 1 | … | header JSON | SHA-256 of the header | header length (u32 LE) | MAGIC
 *
 * Arrays are written as they lie in memory (little-endian on every machine Node runs on) at
 * 8-byte-aligned offsets, so reading one is a copy into a new array and no parse. The header comes
 * last because the arrays' checksums are known only once they are written. Each array is checked
 * by its CRC-32, which catches a torn or damaged file at 4 GB/s (SHA-256 runs at a tenth of that
 * here, and would double the start from a 10 M-hash snapshot); the file lives in the server's own
 * data folder, so it guards against accidents, not against someone who can write there.
 */
const MAGIC = Buffer.from('HCHISNP1', 'latin1');
/** Bytes per read or write call (the system's limit is 2 GiB). */
const CHUNK = 256 * 1024 * 1024;

export type SnapshotArray =
  Uint8Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer>;

const KINDS = {
  u8: Uint8Array,
  u32: Uint32Array,
  i32: Int32Array,
} as const;
type Kind = keyof typeof KINDS;

interface SectionHeader {
  readonly name: string;
  readonly kind: Kind;
  readonly length: number;
  readonly offset: number;
  readonly crc32: number;
}

interface Header {
  readonly format: 'haechi-snapshot';
  readonly meta: unknown;
  readonly sections: readonly SectionHeader[];
}

/** A snapshot that cannot be used: missing, damaged, or of another format. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

const kindOf = (array: SnapshotArray): Kind =>
  array instanceof Uint8Array ? 'u8' : array instanceof Uint32Array ? 'u32' : 'i32';

function crcOf(bytes: Uint8Array): number {
  let crc = 0;
  for (let from = 0; from < bytes.length; from += CHUNK)
    crc = crc32(bytes.subarray(from, Math.min(bytes.length, from + CHUNK)), crc);
  return crc;
}

const bytesOf = (array: SnapshotArray): Uint8Array =>
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/**
 * Writes a snapshot to `path`, replacing the one there only once the new one is complete and on
 * disk: it is written to a temporary file beside it, flushed, renamed over it, and the folder
 * flushed, so a crash at any point leaves the old snapshot or the new one, never a torn file.
 * Returns the file's size in bytes.
 */
export async function writeSnapshotFile(
  path: string,
  meta: unknown,
  arrays: ReadonlyMap<string, SnapshotArray>,
): Promise<number> {
  const prefix = `.${basename(path)}.`;
  const temporary = join(dirname(path), `${prefix}${process.pid}.tmp`);
  // What a writer that died mid-write left (one process writes each snapshot file).
  for (const name of await readdir(dirname(path)))
    if (name.startsWith(prefix) && name.endsWith('.tmp'))
      await rm(join(dirname(path), name), { force: true });
  const file = await open(temporary, 'w', 0o600);
  try {
    let at = 0;
    const write = async (bytes: Uint8Array): Promise<void> => {
      for (let from = 0; from < bytes.length; from += CHUNK) {
        const part = bytes.subarray(from, Math.min(bytes.length, from + CHUNK));
        await file.write(part, 0, part.length, at);
        at += part.length;
      }
    };
    await write(MAGIC);
    const sections: SectionHeader[] = [];
    for (const [name, array] of arrays) {
      at = Math.ceil(at / 8) * 8;
      const bytes = bytesOf(array);
      const offset = at;
      await write(bytes);
      sections.push({
        name,
        kind: kindOf(array),
        length: array.length,
        offset,
        crc32: crcOf(bytes),
      });
    }
    const header: Header = { format: 'haechi-snapshot', meta, sections };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length);
    await write(json);
    await write(createHash('sha256').update(json).digest());
    await write(length);
    await write(MAGIC);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  return (await stat(path)).size;
}

/** A snapshot read back: its meta and its arrays, each checked against its checksum. */
export interface SnapshotContents {
  readonly meta: unknown;
  readonly arrays: ReadonlyMap<string, SnapshotArray>;
}

/** Reads a snapshot; a {@link SnapshotError} says why one cannot be used. */
export async function readSnapshotFile(path: string): Promise<SnapshotContents> {
  const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new SnapshotError(
      error.code === 'ENOENT' ? `no snapshot at ${path}` : `cannot open ${path}: ${error.message}`,
    );
  });
  try {
    const { size } = await file.stat();
    const read = async (into: Uint8Array, position: number): Promise<void> => {
      for (let from = 0; from < into.length; from += CHUNK) {
        const part = into.subarray(from, Math.min(into.length, from + CHUNK));
        const { bytesRead } = await file.read(part, 0, part.length, position + from);
        if (bytesRead !== part.length) throw new SnapshotError(`${path} ends early`);
      }
    };
    const tailLength = 32 + 4 + MAGIC.length;
    if (size < MAGIC.length + tailLength) throw new SnapshotError(`${path} is too short`);
    const head = new Uint8Array(MAGIC.length);
    await read(head, 0);
    const tail = Buffer.alloc(tailLength);
    await read(tail, size - tailLength);
    if (!MAGIC.equals(head) || !MAGIC.equals(tail.subarray(36)))
      throw new SnapshotError(`${path} is not a Haechi snapshot (or was cut short)`);
    const jsonLength = tail.readUInt32LE(32);
    if (jsonLength > size - MAGIC.length - tailLength)
      throw new SnapshotError(`${path}'s header length is wrong`);
    const json = Buffer.alloc(jsonLength);
    await read(json, size - tailLength - jsonLength);
    if (!createHash('sha256').update(json).digest().equals(tail.subarray(0, 32)))
      throw new SnapshotError(`${path}'s header does not match its digest`);
    const header = JSON.parse(json.toString('utf8')) as Header;
    if (header.format !== 'haechi-snapshot' || !Array.isArray(header.sections))
      throw new SnapshotError(`${path} has an unknown header`);
    const arrays = new Map<string, SnapshotArray>();
    const sections: readonly SectionHeader[] = header.sections;
    for (const section of sections) {
      if (!Object.hasOwn(KINDS, section.kind))
        throw new SnapshotError(`${path}: section ${section.name} of unknown kind`);
      // Not zero-filled first (it is about to be overwritten): a second less at 10 M hashes.
      const Type = KINDS[section.kind];
      const buffer = Buffer.allocUnsafeSlow(section.length * Type.BYTES_PER_ELEMENT).buffer;
      const array: SnapshotArray = new Type(buffer, 0, section.length);
      const bytes = bytesOf(array);
      if (section.offset + bytes.length > size - tailLength - jsonLength)
        throw new SnapshotError(`${path}: section ${section.name} lies outside the file`);
      await read(bytes, section.offset);
      if (crcOf(bytes) !== section.crc32)
        throw new SnapshotError(`${path}: section ${section.name} does not match its checksum`);
      arrays.set(section.name, array);
    }
    return { meta: header.meta, arrays };
  } finally {
    await file.close();
  }
}
