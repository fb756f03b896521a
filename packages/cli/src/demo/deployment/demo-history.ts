import { createHash } from 'node:crypto';
import { computePdq, formatHash256 } from '@haechi/hashing';
import { decodeImage } from '@haechi/media';
import { sceneJpeg } from '../demo-images.js';
import type { DemoApi } from './demo-api.js';
import { UNHOSTED_SITE } from './demo-cast.js';
import type { DemoSites } from './demo-sites.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Scenes by role in the story (seeds of sceneJpeg): all benign, generated. */
export const SCENES = {
  /** In the `confirmed` bank (the regulator's decisions): copies are blocked. */
  confirmed: [1, 3, 4],
  /** In the `suspected` bank: uploads are held for the regulator's review. */
  suspected: [5],
  /** Victims' own pictures: her case's hashes, and the pages where she found them. */
  victims: (n: number) => 100 + n,
  /** Ordinary uploads: allowed. */
  ordinary: (n: number) => 500 + n,
} as const;

export interface HistoryContext {
  readonly api: DemoApi;
  readonly sites: DemoSites;
  /** Sets the seeding server's simulated clock. */
  readonly setTime: (at: number) => void;
  readonly runDueJobs: () => Promise<number>;
  /** Platforms' API keys by platform name. */
  readonly keys: Readonly<Record<string, string>>;
  /** Signs a staff member in (sessions last 12 simulated hours, so each step signs in afresh). */
  readonly signIn: (role: 'reviewer' | 'counsellor' | 'admin') => Promise<string>;
}

type Step = { at: number; run: () => Promise<void> };
type ReviewItem = { id: number; screeningId: string | null; noticeId: number | null };

/** Counts of what the month left, for the summary. */
export interface HistorySummary {
  cases: number;
  notices: number;
  screenings: number;
  reviews: number;
}

async function hashesOf(jpeg: Uint8Array) {
  return [
    { signalType: 'pdq', signal: formatHash256(computePdq(await decodeImage(jpeg)).hash) },
    { signalType: 'md5', signal: createHash('md5').update(jpeg).digest('hex') },
  ];
}

/**
 * A month of a deployment's life, replayed on the seeding server's simulated clock from `start` to
 * `end`, an hour at a time (the server's jobs run at each hour: deliveries, reminders, removal
 * checks, escalations, monitor runs). Every action goes through the public API, as the people
 * and platforms in the story would make it.
 */
export async function replayMonth(
  ctx: HistoryContext,
  start: number,
  end: number,
): Promise<HistorySummary> {
  const { api, sites, keys } = ctx;
  const steps: Step[] = [];
  const at = (time: number, run: () => Promise<void>) => steps.push({ at: time, run });
  const summary: HistorySummary = { cases: 0, notices: 0, screenings: 0, reviews: 0 };
  const days = Math.floor((end - start) / DAY);

  // The monitors: the forum (no platform hosts it) and webtoon's public feed, checked every 6 h.
  at(start, async () => {
    const admin = await ctx.signIn('admin');
    for (const [name, host] of [
      ['forum-feed', UNHOSTED_SITE],
      ['webtoon-feed', 'webtoon.example'],
    ] as const)
      await api.call('POST', '/v1/monitors', admin, {
        name,
        kind: 'feed',
        org: 'dsc',
        startUrls: [sites.url(host, '/feed.xml')],
        maxDepth: 0,
        intervalSeconds: 6 * 3600,
        minIntervalMs: 0,
        fetchTimeoutMs: 5_000,
      });
    // Webtoon hears of its notices on its webhook (the demo's own receiver).
    await api.call('PUT', '/v1/webhook', keys['webtoon'], {
      url: `http://127.0.0.1:${sites.port}/hooks/webtoon`,
    });
  });

  for (let day = 0; day < days; day++) {
    const morning = start + day * DAY + 9 * HOUR;
    // Uploads screened before publication: ordinary ones, a copy of a confirmed picture every
    // third day, and a picture the regulator has not decided yet every fifth.
    at(morning, async () => {
      const uploads: Array<[string, number]> = [
        ['webtoon', SCENES.ordinary(day * 2)],
        ['clipshare', SCENES.ordinary(day * 2 + 1)],
      ];
      if (day % 3 === 0)
        uploads.push([day % 2 ? 'clipshare' : 'webtoon', SCENES.confirmed[day % 3]]);
      if (day % 5 === 2) uploads.push(['webtoon', SCENES.suspected[0]]);
      for (const [platform, seed] of uploads) {
        const result = await api.screen(
          keys[platform],
          await sceneJpeg(seed),
          `https://${platform}.example/upload/${day}-${seed}`,
        );
        summary.screenings++;
        // The regulator decides held uploads the next day (the last week's are still waiting).
        if (result.verdict === 'hold' && morning < end - 7 * DAY)
          at(morning + DAY, () => decide((i) => i.screeningId === result.id, 'sexual_deepfake'));
      }
    });

    // Every other day a victim asks for help: her picture is on both platforms (and, every fourth
    // day, on the forum no platform answers for). The forum's copy is also in its feed.
    if (day % 2 === 1 || day >= days - 2) {
      const opened = start + day * DAY + (day >= days - 2 ? 20 : 11) * HOUR;
      at(opened, async () => {
        const picture = await sceneJpeg(SCENES.victims(day));
        const urls = [
          sites.publish('webtoon.example', `/v/${day}.jpg`, picture),
          sites.publish('clipshare.example', `/c/${day}.jpg`, picture),
        ];
        if (day % 4 === 3) sites.publish(UNHOSTED_SITE, `/t/${day}.jpg`, picture, new Date(opened));
        const counsellor = day === 9 ? await ctx.signIn('counsellor') : undefined;
        const body = {
          ...(counsellor ? {} : { passphrase: `demo victim passphrase ${day}` }),
          hashes: await hashesOf(picture),
          urls,
        };
        const result = await api.call<{
          code: string;
          status: { notices: Array<{ id: number; url: string }> };
        }>('POST', '/v1/cases', counsellor, body);
        summary.cases++;
        summary.notices += result.status.notices.length;
        if (counsellor)
          await api.call('POST', `/v1/cases/${result.code}/notes`, counsellor, {
            text: 'Called her back; she wants the clipshare copy gone first.',
          });
        for (const notice of result.status.notices) scheduleAnswer(notice, opened, day);
      });
    }
  }

  /** The regulator's reviewer decides the open review item that `matches`: it must come down. */
  async function decide(
    matches: (item: ReviewItem) => boolean,
    reasonCode: 'ncii' | 'sexual_deepfake',
  ): Promise<void> {
    const reviewer = await ctx.signIn('reviewer');
    const { items } = await api.call<{ items: ReviewItem[] }>('GET', '/v1/review', reviewer);
    const item = items.find(matches);
    if (!item) return;
    await api.call('POST', `/v1/review/${item.id}/decide`, reviewer, {
      decision: 'remove',
      reasonCode,
    });
    summary.reviews++;
  }

  /** How each platform answers a notice: webtoon quickly, clipshare slower, sometimes late. */
  function scheduleAnswer(notice: { id: number; url: string }, sent: number, day: number): void {
    const platform = notice.url.includes('webtoon') ? 'webtoon' : 'clipshare';
    const key = keys[platform];
    const act = (action: string, body: object = {}) =>
      api.call('POST', `/v1/notices/${notice.id}/${action}`, key, body);
    const ack = sent + (platform === 'webtoon' ? 1 : 3) * HOUR;
    const removal =
      sent + (platform === 'webtoon' ? 2 + ((day * 7) % 20) : 6 + ((day * 11) % 34)) * HOUR;
    if (ack < end) at(ack, () => act('acknowledge').then(() => undefined));
    if (platform === 'clipshare' && day % 6 === 5) {
      // Disputed: the regulator decides it two days later (it must come down).
      at(ack + HOUR, () =>
        act('dispute', { reason: 'We believe the uploader consented.' }).then(() => undefined),
      );
      if (ack + 2 * DAY < end)
        at(ack + 2 * DAY, () => decide((i) => i.noticeId === notice.id, 'ncii'));
      return;
    }
    if (removal < end)
      at(removal, async () => {
        sites.remove(notice.url);
        await act('removed');
      });
  }

  // Steps add later steps (a notice's answers), so the earliest due one is taken each time.
  const takeDue = (time: number): Step | undefined => {
    let best = -1;
    steps.forEach((step, i) => {
      if (step.at <= time && (best < 0 || step.at < steps[best].at)) best = i;
    });
    return best < 0 ? undefined : steps.splice(best, 1)[0];
  };
  for (let time = start; time <= end; time += HOUR) {
    for (let step = takeDue(time); step; step = takeDue(time)) {
      ctx.setTime(step.at);
      await step.run();
    }
    ctx.setTime(time);
    await ctx.runDueJobs();
  }
  return summary;
}
