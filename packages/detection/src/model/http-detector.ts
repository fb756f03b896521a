import type { Detector, DetectorInput, DetectorScore } from '@haechi/core';
import sharp from 'sharp';
import { z } from 'zod';
import type { HttpDetectorConfig } from './model-config.js';

/** What the service answers: scores for the labels it knows, each 0…1, optionally with evidence. */
const ZAnswer = z.object({
  scores: z.array(
    z.object({
      label: z.string(),
      score: z.number().min(0).max(1),
      evidence: z.string().max(500).optional(),
    }),
  ),
});

export interface HttpDetectorLog {
  warn(fields: Record<string, unknown>): void;
}

/**
 * A detection service behind HTTP. Request: POST JSON `{"image":{"mediaType":"image/jpeg",
 * "base64":…,"width","height"}}`; answer `{"scores":[{"label","score","evidence"?}]}`. A service
 * that fails, times out or answers nonsense gives no scores (and a warning), never a failed upload.
 */
export class HttpDetector implements Detector {
  readonly name: string;
  readonly labels: readonly string[];

  constructor(
    private readonly config: HttpDetectorConfig,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: HttpDetectorLog,
  ) {
    this.name = config.name;
    this.labels = config.labels;
    for (const variable of Object.values(config.headersFromEnv))
      if (env[variable] === undefined)
        throw new Error(
          `detector "${config.name}": the environment variable ${variable} is not set`,
        );
  }

  async detect(input: DetectorInput): Promise<DetectorScore[]> {
    const { image } = input;
    const jpeg = await sharp(image.data, {
      raw: { width: image.width, height: image.height, channels: image.channels },
    })
      .resize(this.config.maxSide, this.config.maxSide, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 90 })
      .toBuffer({ resolveWithObject: true });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [header, variable] of Object.entries(this.config.headersFromEnv))
      headers[header] = this.env[variable] as string;
    try {
      const response = await fetch(this.config.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          image: {
            mediaType: 'image/jpeg',
            base64: jpeg.data.toString('base64'),
            width: jpeg.info.width,
            height: jpeg.info.height,
          },
        }),
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      if (!response.ok) throw new Error(`the service answered ${response.status}`);
      const answer = ZAnswer.safeParse(await response.json());
      if (!answer.success) throw new Error('the service answered something other than scores');
      return answer.data.scores
        .filter((s) => this.labels.includes(s.label))
        .map((s) => ({
          detector: this.name,
          label: s.label,
          score: s.score,
          ...(s.evidence === undefined ? {} : { evidence: s.evidence }),
        }));
    } catch (error) {
      this.log.warn({
        msg: 'detection service failed',
        detector: this.name,
        error: (error as Error).message,
      });
      return [];
    }
  }
}
