import {
  DIHEDRAL_VARIANTS,
  PDQ_MATCH_RADIUS,
  hammingDistance,
  parseHash256,
} from '@haechi/hashing';
import { hashImageFile } from '../hash/hash-image-file.js';
import { isFailedLine, type HashedLine } from '../hash/hash-line.js';
import { generateDemoImages } from './demo-images.js';

export interface DemoRow {
  readonly file: string;
  readonly description: string;
  readonly distance: number;
  readonly bestDistance: number;
  readonly bestVariant: string;
  readonly matched: boolean;
  readonly expectedMatch: boolean;
}

/**
 * Generates the demo images, hashes them as `haechi hash --dihedral` would, and compares each with
 * the known image the way screening will: plain distance, then the best of its eight turned hashes.
 */
export async function runDemo(dir: string): Promise<DemoRow[]> {
  const images = await generateDemoImages(dir);
  const lines: HashedLine[] = [];
  for (const image of images) {
    const line = await hashImageFile(image.path, { dihedral: true, limits: {} });
    if (isFailedLine(line))
      throw new Error(`demo image ${image.path} failed to hash: ${line.error}`);
    if (!('pdq' in line)) throw new Error(`demo image ${image.path} was read as a video`);
    lines.push(line);
  }
  const known = parseHash256(lines[0]?.pdq);
  return images.slice(1).map((image, i) => {
    const line = lines[i + 1];
    const variants = (line.dihedral ?? []).map((hex) => hammingDistance(known, parseHash256(hex)));
    const bestDistance = Math.min(...variants);
    return {
      file: image.path,
      description: image.description,
      distance: variants[0],
      bestDistance,
      bestVariant: DIHEDRAL_VARIANTS[variants.indexOf(bestDistance)],
      matched: bestDistance <= PDQ_MATCH_RADIUS,
      expectedMatch: image.expectMatch,
    };
  });
}
