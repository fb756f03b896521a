import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { toFileError } from './file-error.js';
import type { FailedLine } from './hash-line.js';

/** Extensions picked up when walking a directory. Files named explicitly are always tried. */
export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.heif',
  // Videos: hashed with vPDQ.
  '.mp4',
  '.m4v',
  '.mov',
  '.webm',
  '.mkv',
  '.avi',
]);

export type CollectedPath = { readonly path: string } | FailedLine;

async function* walk(directory: string): AsyncGenerator<CollectedPath> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    const e = toFileError(error);
    yield { path: directory, error: e.message, code: e.code };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    // Symbolic links to directories are not followed: they can loop or leave the tree.
    if (entry.isDirectory()) yield* walk(path);
    else if (
      (entry.isFile() || entry.isSymbolicLink()) &&
      MEDIA_EXTENSIONS.has(extname(entry.name).toLowerCase())
    ) {
      yield { path };
    }
  }
}

/**
 * Expands the command line's paths, in order: a file as given, a directory as every image file under
 * it (sorted by name, recursively). A path that does not exist becomes an error line in its place.
 */
export async function* collectImagePaths(inputs: readonly string[]): AsyncGenerator<CollectedPath> {
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch (error) {
      const e = toFileError(error);
      yield { path: input, error: e.message, code: e.code };
      continue;
    }
    if (info.isDirectory()) yield* walk(input);
    else yield { path: input };
  }
}
