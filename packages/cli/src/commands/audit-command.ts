import type { Command } from 'commander';
import { AuditChainVerifier, type AuditEntry } from '@haechi/core';
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
      'check every entry of the chain; names the first edited, deleted or reordered one. Exit code 1 if broken',
    )
    .action(async (_: unknown, command: Command) => {
      const { data } = command.optsWithGlobals<{ data?: string }>();
      await runBankAction(
        'verify',
        async () => {
          const stores = await openStores(resolveDataDir(data));
          try {
            const verifier = new AuditChainVerifier(sha256Text);
            let afterSeq = 0;
            for (;;) {
              // Paged by position, not by seq, so a gap in seq is seen rather than skipped.
              const page: AuditEntry[] = await stores.audit.list({ afterSeq, limit: PAGE });
              if (!page.every((entry) => verifier.push(entry)) || page.length < PAGE) break;
              afterSeq = (page[page.length - 1] as AuditEntry).seq;
            }
            const verdict = verifier.result();
            if (verdict.ok) {
              out(`audit log verified: ${verdict.count} entries, head ${verdict.headHash}`);
            } else {
              out(
                `audit log BROKEN at entry #${verdict.seq}: ${verdict.reason} (${verdict.count} entries before it verify)`,
              );
              process.exitCode = 1;
            }
          } finally {
            await stores.close();
          }
        },
        'audit',
      );
    });

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
            const stores = await openStores(resolveDataDir(data));
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
