import { readC2paManifests } from './c2pa-manifest.js';
import type { ContainerMetadata } from './container-metadata.js';
import { AI_SOURCE_TYPES, sourceTypeCode } from './digital-source-type.js';
import { readExifText } from './exif-text.js';

/** One piece of evidence that an image was made or altered by generative AI, and where it was found. */
export interface ProvenanceFinding {
  readonly label: 'ai_generated' | 'ai_composited';
  readonly score: number;
  /** Where it was found and what it says, e.g. `C2PA manifest: c2pa.created, trainedAlgorithmicMedia`. */
  readonly source: string;
}

/** Tools whose name in a Software/CreatorTool field says the image came out of an image generator. */
const GENERATORS =
  /\b(stable[ -]?diffusion|automatic1111|comfyui|invokeai|novelai|midjourney|dall[-·‧ ]?e ?\d?|adobe firefly|imagen|flux(\.1)?|leonardo\.ai|dreamstudio|sdxl|ideogram)\b/i;
/** What Stable Diffusion web UIs write as their generation parameters. */
const SD_PARAMETERS = /\bSteps: \d+, Sampler: /;

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

function fromSourceType(value: string, where: string): ProvenanceFinding[] {
  const code = sourceTypeCode(value);
  const meaning = code ? AI_SOURCE_TYPES[code] : undefined;
  return meaning ? [{ ...meaning, source: `${where}: digital source type ${code}` }] : [];
}

function fromC2pa(jumbf: Uint8Array): ProvenanceFinding[] {
  return readC2paManifests(jumbf).flatMap((manifest) => {
    const by = manifest.claimGenerator ? ` (claim generator ${clip(manifest.claimGenerator)})` : '';
    return manifest.actions.flatMap((a) => {
      const found = a.digitalSourceType
        ? fromSourceType(a.digitalSourceType, `C2PA manifest, action ${a.action}${by}`)
        : [];
      const agent = a.softwareAgent && GENERATORS.exec(a.softwareAgent);
      if (found.length === 0 && agent)
        found.push({
          label: 'ai_generated',
          score: 0.85,
          source: `C2PA manifest, action ${a.action}: software agent ${clip(a.softwareAgent)}`,
        });
      return found;
    });
  });
}

function fromXmp(xmp: string): ProvenanceFinding[] {
  const findings: ProvenanceFinding[] = [];
  const sourceTypes = xmp.matchAll(
    /Iptc4xmpExt:DigitalSourceType(?:\s*=\s*"([^"]*)"|\s*>\s*([^<]*)<|[^>]*rdf:resource="([^"]*)")/g,
  );
  for (const m of sourceTypes) findings.push(...fromSourceType(m[1] ?? m[2] ?? m[3] ?? '', 'XMP'));
  const tool = /xmp:CreatorTool(?:\s*=\s*"([^"]*)"|\s*>\s*([^<]*)<)/.exec(xmp);
  const name = tool?.[1] ?? tool?.[2];
  if (name && GENERATORS.test(name))
    findings.push({ label: 'ai_generated', score: 0.85, source: `XMP CreatorTool: ${clip(name)}` });
  return findings;
}

function fromText(keyword: string, text: string): ProvenanceFinding[] {
  const found = (score: number, what: string): ProvenanceFinding[] => [
    { label: 'ai_generated', score, source: `PNG text "${keyword}": ${what}` },
  ];
  if (keyword === 'parameters' && SD_PARAMETERS.test(text))
    return found(0.9, 'Stable Diffusion generation parameters');
  if ((keyword === 'prompt' || keyword === 'workflow') && /"class_type"\s*:/.test(text))
    return found(0.9, 'ComfyUI workflow');
  if (keyword === 'invokeai_metadata' || keyword === 'sd-metadata' || keyword === 'dream')
    return found(0.9, 'InvokeAI generation metadata');
  if (keyword === 'Software' && GENERATORS.test(text)) return found(0.85, clip(text));
  return [];
}

function fromExif(tiff: Uint8Array): ProvenanceFinding[] {
  const exif = readExifText(tiff);
  const findings: ProvenanceFinding[] = [];
  for (const [field, value] of Object.entries(exif)) {
    if (SD_PARAMETERS.test(value))
      findings.push({
        label: 'ai_generated',
        score: 0.9,
        source: `EXIF ${field}: Stable Diffusion generation parameters`,
      });
    else if ((field === 'software' || field === 'make') && GENERATORS.test(value))
      findings.push({
        label: 'ai_generated',
        score: 0.85,
        source: `EXIF ${field}: ${clip(value)}`,
      });
  }
  return findings;
}

/**
 * Everything in a file's metadata that says it was generated or composited by AI: C2PA actions,
 * IPTC digital source types in XMP, generator parameters in PNG text and EXIF, generator names as
 * the creating software. Metadata is easily stripped, so its absence says nothing.
 */
export function provenanceFindings(meta: ContainerMetadata): ProvenanceFinding[] {
  return [
    ...meta.jumbf.flatMap(fromC2pa),
    ...meta.xmp.flatMap(fromXmp),
    ...meta.text.flatMap((t) => fromText(t.keyword, t.text)),
    ...meta.exif.flatMap(fromExif),
  ];
}
