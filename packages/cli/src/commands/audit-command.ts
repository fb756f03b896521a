import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { AnchorChecker, AuditChainVerifier, type AuditAnchor, type AuditEntry } from '@haechi/core';
import { anchorOfBundle, anchorSignedBy, readAnchors, signingKeyFromPem } from '@haechi/evidence';
import { anchorsFile, signingKeyFile } from '../audit/anchors.js';
import { sha256Text } from '@haechi/store';
import { openStores, resolveDataDir } from '../bank/open-bank-store.js';
import { runBankAction } from '../bank/report-failure.js';
import { parsePositiveInteger } from './parse-options.js';

const PAGE = 5000;
const out = (line: string): boolean => process.stdout.write(`${line}\n`);

/** `haechi audit verify|list`: the hash-chained audit log of the local store. */
export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description('the append-only, hash-chained audit log of every change')
    .option('--data <dir>', 'data folder (default $HAECHI_DATA, else ./haechi-data)');

  audit
    .command('verify')
    .description(
      'check every entry of the chain (names the first edited, deleted or reordered one) and the signed anchors of its head (a cut tail, a recomputed chain). Exit code 1 if broken or unanchored',
    )
    .option(
      '--anchors <file>',
      'the signed heads (default $HAECHI_AUDIT_ANCHORS_FILE, else in the data folder)',
    )
    .option(
      '--public-key <file>',
      "the instance's public key (PEM, GET /v1/evidence-signing-key); default: the key file in the data folder",
    )
    .option('--unanchored', 'accept a log without anchors (its chain alone is checked)')
    .option(
      '--bundle <zip...>',
      'evidence bundles whose signed manifests record the head at their export: checked as anchors too',
    )
    .action(
      async (
        options: { anchors?: string; publicKey?: string; unanchored?: boolean; bundle?: string[] },
        command: Command,
      ) => {
        const { data } = command.optsWithGlobals<{ data?: string }>();
        await runBankAction(
          'verify',
          async () => {
            const dataDir = resolveDataDir(data);
            const file = options.anchors ?? anchorsFile(dataDir);
            const fromFile = readAnchors(file);
            const bundles = options.bundle ?? [];
            const publicKeyPem =
              fromFile || bundles.length > 0 ? readPublicKey(options.publicKey, dataDir) : null;
            // A bundle's head is signed with its manifest: checked here, then counted as an anchor.
            const fromBundles: AuditAnchor[] = [];
            for (const zip of bundles) {
              const head = anchorOfBundle(
                new Uint8Array(readFileSync(zip)),
                publicKeyPem as string,
              );
              if (head) fromBundles.push({ ...head, keyFingerprint: '', signature: '' });
            }
            const anchors =
              fromFile || fromBundles.length > 0 ? [...(fromFile ?? []), ...fromBundles] : null;
            const forged = fromFile?.findIndex((a) => !anchorSignedBy(a, publicKeyPem as string));
            if (fromFile && forged !== undefined && forged >= 0) {
              out(
                `audit log NOT verified: anchor ${forged + 1} in ${file} (entry #${fromFile[forged]?.seq}) is not signed by the instance key`,
              );
              process.exitCode = 1;
              return;
            }
            const stores = await openStores(dataDir, { create: false });
            try {
              const verifier = new AuditChainVerifier(sha256Text);
              const checker = new AnchorChecker(anchors ?? []);
              let afterSeq = 0;
              for (;;) {
                // Paged by position, not by seq, so a gap in seq is seen rather than skipped.
                const page: AuditEntry[] = await stores.audit.list({ afterSeq, limit: PAGE });
                const whole = page.every((entry) => verifier.push(entry) && checker.push(entry));
                if (!whole || page.length < PAGE) break;
                afterSeq = page[page.length - 1].seq;
              }
              const verdict = verifier.result();
              const anchored = checker.result();
              if (!verdict.ok) {
                out(
                  `audit log BROKEN at entry #${verdict.seq}: ${verdict.reason} (${verdict.count} entries before it verify)`,
                );
                process.exitCode = 1;
              } else if (!anchored.ok) {
                out(`audit log BROKEN: ${anchored.reason}`);
                process.exitCode = 1;
              } else if (!anchors) {
                const chain = `${verdict.count} entries, head ${verdict.headHash}`;
                if (options.unanchored)
                  out(`audit log verified: ${chain} (its chain alone: no anchors)`);
                else {
                  out(
                    `audit log NOT verified: its chain holds (${chain}), but there are no signed anchors at ${file}, so a cut or recomputed log cannot be told from the true one (--unanchored accepts the chain alone)`,
                  );
                  process.exitCode = 1;
                }
              } else {
                out(
                  `audit log verified: ${verdict.count} entries, head ${verdict.headHash}; ${anchored.anchors} signed anchors, the latest at entry #${anchored.latestSeq}`,
                );
              }
            } finally {
              await stores.close();
            }
          },
          'audit',
        );
      },
    );

  audit
    .command('list')
    .description('entries as JSON lines, oldest first')
    .option('--since <seq>', 'only entries after this one', (v) => Number(v), 0)
    .option('--limit <n>', 'at most this many', parsePositiveInteger, 1000)
    .option('--object <type:id>', 'only entries about this object, e.g. bank:1')
    .action(
      async (options: { since: number; limit: number; object?: string }, command: Command) => {
        const { data } = command.optsWithGlobals<{ data?: string }>();
        await runBankAction(
          'list',
          async () => {
            const stores = await openStores(resolveDataDir(data), { create: false });
            try {
              const [objectType, objectId] = options.object?.split(':', 2) ?? [];
              const entries = await stores.audit.list({
                afterSeq: Number.isSafeInteger(options.since) ? options.since : 0,
                limit: options.limit,
                ...(objectType ? { objectType } : {}),
                ...(objectId ? { objectId } : {}),
              });
              for (const entry of entries) out(JSON.stringify(entry));
            } finally {
              await stores.close();
            }
          },
          'audit',
        );
      },
    );
}

/** The public key anchors must be signed with: the one given, else the instance's key file's. */
function readPublicKey(file: string | undefined, dataDir: string): string {
  if (file) return readFileSync(file, 'utf8');
  return signingKeyFromPem(readFileSync(signingKeyFile(dataDir), 'utf8')).publicKeyPem;
}
