import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Detector } from '@haechi/core';
import { HttpDetector, type HttpDetectorLog } from './http-detector.js';
import { ZModelDetectorsFile } from './model-config.js';
import { OnnxDetector, type FaceLocator } from './onnx-detector.js';

/**
 * The detectors a JSON file configures (`{"detectors":[{"type":"onnx",…},{"type":"http",…}]}`).
 * A bad file stops start-up with the field at fault named; model paths are relative to the file.
 */
export async function loadModelDetectors(
  file: string,
  options: { env: NodeJS.ProcessEnv; log: HttpDetectorLog; locateFaces?: FaceLocator },
): Promise<Detector[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`model detectors file ${file}: ${(error as Error).message}`);
  }
  const parsed = ZModelDetectorsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`model detectors file ${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const names = new Set<string>();
  const detectors: Detector[] = [];
  for (const config of parsed.data.detectors) {
    if (names.has(config.name))
      throw new Error(`model detectors file ${file}: detector "${config.name}" is named twice`);
    names.add(config.name);
    detectors.push(
      config.type === 'onnx'
        ? await OnnxDetector.load(config, resolve(dirname(file), config.model), options.locateFaces)
        : new HttpDetector(config, options.env, options.log),
    );
  }
  return detectors;
}
