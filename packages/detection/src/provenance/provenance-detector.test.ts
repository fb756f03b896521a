import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_TESTDATA, hasSharedTestdata } from '@haechi/testkit/shared-testdata';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';
import {
  app11Packets,
  ascii,
  concat,
  manifestStore,
  u32,
  withPngChunk,
  withSegments,
} from '@haechi/testkit/provenance-fixtures';
import { readContainerMetadata } from './container-metadata.js';
import { readExifText } from './exif-text.js';
import { ProvenanceDetector } from './provenance-detector.js';

const xmpPacket = (inner: string) =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" ${inner}/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

let jpeg: Uint8Array;
let png: Uint8Array;
const detector = new ProvenanceDetector();
const detect = async (bytes: Uint8Array) => {
  // The files are real images: the decoder still reads them.
  await sharp(bytes).raw().toBuffer();
  return detector.detect({
    image: { width: 1, height: 1, channels: 3, data: new Uint8Array(3) },
    bytes,
    mediaType: 'image',
  });
};

beforeAll(async () => {
  const image = syntheticPhoto(96, 64, 5);
  const raw = sharp(image.data, { raw: { width: 96, height: 64, channels: 3 } });
  jpeg = new Uint8Array(await raw.clone().jpeg().toBuffer());
  png = new Uint8Array(await raw.clone().png().toBuffer());
});

describe('ProvenanceDetector', () => {
  it('reads a C2PA manifest declaring AI generation, also split over several APP11 packets', async () => {
    const store = manifestStore(
      'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    );
    const expected = [
      {
        detector: 'provenance',
        label: 'ai_generated',
        score: 0.95,
        evidence:
          'C2PA manifest, action c2pa.created (claim generator ImageMaker/2.1): digital source type trainedAlgorithmicMedia',
      },
    ];
    expect(await detect(withSegments(jpeg, ...app11Packets(store, 60_000)))).toEqual(expected);
    expect(await detect(withSegments(jpeg, ...app11Packets(store, 50)))).toEqual(expected);
    expect(await detect(withPngChunk(png, 'caBX', store))).toEqual(expected);
  });

  it('tells a face-swap composite from a generated image, and ignores camera captures', async () => {
    const composite = manifestStore(
      'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
    );
    expect(await detect(withSegments(jpeg, ...app11Packets(composite, 60_000)))).toMatchObject([
      { label: 'ai_composited', score: 0.95 },
    ]);
    const camera = manifestStore(
      'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
      'PhoneCamera',
    );
    expect(await detect(withSegments(jpeg, ...app11Packets(camera, 60_000)))).toEqual([]);
  });

  it('reads the IPTC digital source type and the creator tool from XMP', async () => {
    const attribute = await sharp(jpeg)
      .withXmp(
        xmpPacket(
          'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"',
        ),
      )
      .jpeg()
      .toBuffer();
    expect(await detect(new Uint8Array(attribute))).toEqual([
      {
        detector: 'provenance',
        label: 'ai_generated',
        score: 0.95,
        evidence: 'XMP: digital source type trainedAlgorithmicMedia',
      },
    ]);
    const tool = await sharp(png)
      .withXmp(xmpPacket('xmp:CreatorTool="Midjourney v6"'))
      .png()
      .toBuffer();
    expect(await detect(new Uint8Array(tool))).toEqual([
      {
        detector: 'provenance',
        label: 'ai_generated',
        score: 0.85,
        evidence: 'XMP CreatorTool: Midjourney v6',
      },
    ]);
    const captured = await sharp(jpeg)
      .withXmp(
        xmpPacket(
          'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" xmp:CreatorTool="Adobe Lightroom"',
        ),
      )
      .jpeg()
      .toBuffer();
    expect(await detect(new Uint8Array(captured))).toEqual([]);
  });

  it("reads generators' parameters from PNG text and EXIF", async () => {
    const sd = withPngChunk(
      png,
      'tEXt',
      ascii(
        'parameters\u0000a lighthouse at dusk\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1',
      ),
    );
    expect(await detect(sd)).toEqual([
      {
        detector: 'provenance',
        label: 'ai_generated',
        score: 0.9,
        evidence: 'PNG text "parameters": Stable Diffusion generation parameters',
      },
    ]);
    const comfy = withPngChunk(
      png,
      'tEXt',
      ascii('prompt\u0000{"3":{"class_type":"KSampler","inputs":{}}}'),
    );
    expect((await detect(comfy))[0]?.evidence).toBe('PNG text "prompt": ComfyUI workflow');
    const exif = await sharp(jpeg)
      .withExif({ IFD0: { Software: 'NovelAI' } })
      .jpeg()
      .toBuffer();
    expect(await detect(new Uint8Array(exif))).toEqual([
      {
        detector: 'provenance',
        label: 'ai_generated',
        score: 0.85,
        evidence: 'EXIF software: NovelAI',
      },
    ]);
    const notSd = withPngChunk(png, 'tEXt', ascii('parameters\u0000exposure 1/200'));
    const edited = await sharp(jpeg)
      .withExif({ IFD0: { Software: 'GIMP 2.10' } })
      .jpeg()
      .toBuffer();
    expect([await detect(notSd), await detect(new Uint8Array(edited))]).toEqual([[], []]);
  });

  it('finds nothing in ordinary photos', async () => {
    expect(await detect(jpeg)).toEqual([]);
    expect(await detect(png)).toEqual([]);
    if (!hasSharedTestdata) return;
    const dir = join(SHARED_TESTDATA, 'photos');
    const photos = readdirSync(dir).filter((f) => f.endsWith('.jpg') || f.endsWith('.png'));
    expect(photos.length).toBeGreaterThan(20);
    for (const name of photos)
      expect(await detect(new Uint8Array(readFileSync(join(dir, name))))).toEqual([]);
  });

  it('survives hostile metadata: truncated boxes, huge lengths, looping IFDs, garbage', async () => {
    const store = manifestStore('trainedAlgorithmicMedia');
    const cut = store.subarray(0, store.length - 30);
    const huge = concat(u32(0x7fffffff), ascii('jumb'), store.subarray(8));
    for (const bytes of [cut, huge, ascii('garbage'), new Uint8Array(0)])
      expect(readContainerMetadata(withPngChunk(png, 'caBX', bytes)).jumbf).toHaveLength(1);
    expect(
      await detector.detect({
        image: { width: 1, height: 1, channels: 3, data: new Uint8Array(3) },
        bytes: withPngChunk(png, 'caBX', cut),
        mediaType: 'image',
      }),
    ).toEqual([]);
    expect(
      await detector.detect({
        image: { width: 1, height: 1, channels: 3, data: new Uint8Array(3) },
        bytes: withPngChunk(png, 'caBX', huge),
        mediaType: 'image',
      }),
    ).toEqual([]);
    // An IFD whose next-IFD chain points at itself, and a tag pointing past the end.
    const tiff = new Uint8Array(
      Buffer.from(
        '4d4d002a000000080002013100020000000a000000ff87690004000000010000000800000000',
        'hex',
      ),
    );
    expect(readExifText(tiff)).toEqual({});
    const truncatedJpeg = withSegments(jpeg, new Uint8Array([0xff, 0xe1, 0xff, 0xff, 0x45]));
    expect(readContainerMetadata(truncatedJpeg)).toMatchObject({
      format: 'jpeg',
      xmp: [],
      exif: [],
    });
    expect(
      await detector.detect({
        image: { width: 1, height: 1, channels: 3, data: new Uint8Array(3) },
        mediaType: 'image',
      }),
    ).toEqual([]);
  });
});
