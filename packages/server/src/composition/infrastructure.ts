import { BankMatcher, type SnapshotReport } from '@haechi/banks';
import { loadOrCreateSigningKey } from '@haechi/evidence';
import { resolveFfmpeg } from '@haechi/media';
import { openEmbeddedStores, openPostgresStores, type PostgresStores } from '@haechi/store';
import type { ServerConfig } from '../config.js';
import type { Logger } from '../logging/logger.js';
import { isSnapshotWriter } from './snapshot-writer.js';
import {
  DEFAULT_HASH_THREADS,
  imageHasherPool,
  type ImageHasher,
} from '../features/screening/image-hasher.js';
import { AuditAnchorer } from '../services/audit/audit-anchorer.js';
import {
  createOutboundFetch,
  type HostResolver,
  type OutboundFetch,
  type OutboundOptions,
} from '../services/outbound/outbound-fetch.js';
import { loadSealer } from '../services/sealing/master-key.js';
import type { Sealer } from '../services/sealing/sealer.js';

/** What every feature's services stand on: the store, indexes, keys, workers, outbound requests. */
export interface Infrastructure {
  readonly stores: Omit<PostgresStores, 'pool'>;
  /** The configured media limits, with the ffmpeg that decodes videos. */
  readonly media: ServerConfig['media'];
  readonly images: ImageHasher;
  readonly matcher: BankMatcher;
  readonly sealer: Sealer;
  readonly signing: ReturnType<typeof loadOrCreateSigningKey>;
  /** Webhooks and callbacks to platforms' servers. */
  readonly callbackFetch: OutboundFetch;
  /** Content at addresses users gave (removal checks, monitors). */
  readonly contentOutbound: OutboundOptions;
  readonly contentFetch: OutboundFetch;
  readonly anchorer: AuditAnchorer;
  /** Stops the feed, the anchors and the workers, then closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the store (PostgreSQL or the embedded one), the bank indexes following their change feed,
 * the keys (generated, with a warning, when none is configured), the hashing workers, the outbound
 * request guards and the audit anchors.
 */
export async function openInfrastructure(
  config: ServerConfig,
  logger: Logger,
  resolveHost: HostResolver | undefined,
): Promise<Infrastructure> {
  // PostgreSQL when DATABASE_URL is set (several machines); else the embedded store in HAECHI_DATA.
  const stores: Omit<PostgresStores, 'pool'> = config.database
    ? await openPostgresStores(config.database.url, {
        role: 'haechi-server',
        max: config.database.poolSize,
        connectTimeoutMs: config.database.connectTimeoutMs,
        statementTimeoutMs: config.database.statementTimeoutMs,
        onIdleError: (err) => logger.warn({ msg: 'a database connection was closed', err }),
        ...(config.database.schema ? { schema: config.database.schema } : {}),
      })
    : openEmbeddedStores(config.dataDir);
  // Uploads' videos are decoded by the system's ffmpeg (security updates) unless told otherwise.
  const decoder = config.media.ffmpegPath
    ? { path: config.media.ffmpegPath, source: 'configured' }
    : resolveFfmpeg();
  if (decoder.source === 'bundled')
    logger.warn({
      msg: "no ffmpeg on the PATH: videos are decoded by the npm package's static build from 2018, which gets no security updates; install the system's ffmpeg (Debian: apt-get install ffmpeg) or set HAECHI_FFMPEG",
      ffmpeg: decoder.path,
    });
  const media = { ...config.media, ffmpegPath: decoder.path };
  const images = imageHasherPool(
    DEFAULT_HASH_THREADS,
    config.hashQueue === null ? {} : { maxQueue: config.hashQueue },
  );
  const matcher = await BankMatcher.open(stores.banks, {
    intervalMs: config.bankPollMs,
    onError: (err: unknown) => logger.error({ msg: 'bank change feed read failed', err }),
    ...(config.indexSnapshot
      ? {
          // One process of a cluster writes it (the primary names it); every one starts from it.
          snapshot: { path: config.indexSnapshot, write: isSnapshotWriter() },
          onSnapshot: (report: SnapshotReport) =>
            report.event === 'refused'
              ? logger.info({ msg: 'match index snapshot not used; loading the banks', ...report })
              : logger.info({ msg: `match index snapshot ${report.event}`, ...report }),
        }
      : {}),
  });
  matcher.follow();
  const { sealer, generatedKeyFile } = loadSealer(config.dataDir, config.masterKey);
  if (generatedKeyFile)
    logger.warn({
      msg: 'no HAECHI_MASTER_KEY: personal data is sealed with a key generated in the data folder; set one from a secret store in production',
      keyFile: generatedKeyFile,
    });
  const signing = loadOrCreateSigningKey(config.evidence.signingKeyFile);
  if (signing.created)
    logger.warn({
      msg: 'no evidence signing key: one was generated; keep it with the master key in production',
      keyFile: config.evidence.signingKeyFile,
    });
  // Every request to an address a user gave goes through these: public addresses only, each
  // connection checked (HAECHI_WEBHOOK_ALLOW_PRIVATE / HAECHI_FETCH_ALLOW_PRIVATE: closed tests).
  const resolve = resolveHost ? { resolve: resolveHost } : {};
  const callbackFetch = createOutboundFetch({
    allowPrivate: config.allowPrivateCallbacks,
    ...resolve,
  });
  const contentOutbound = { allowPrivate: config.allowPrivateFetch, ...resolve };
  const contentFetch = createOutboundFetch(contentOutbound);
  const anchorer = new AuditAnchorer({
    audit: stores.audit,
    key: signing.key,
    file: config.auditAnchors.file,
    intervalMs: config.auditAnchors.intervalMs,
    now: () => new Date(),
    logger,
  });
  await anchorer.start();
  return {
    stores,
    media,
    images,
    matcher,
    sealer,
    signing,
    callbackFetch,
    contentOutbound,
    contentFetch,
    anchorer,
    close: async () => {
      await matcher.close();
      await anchorer.stop();
      await images.close();
      await stores.close();
    },
  };
}
