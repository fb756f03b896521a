import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyEvidenceBundle } from '@haechi/evidence';
import { parsePositiveInteger } from './parse-options.js';

const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const USAGE_ERROR = 2;

/** `haechi evidence verify`: checks an evidence bundle offline, with no server and no store. */
export function registerEvidenceCommand(program: Command): void {
  const evidence = program
    .command('evidence')
    .description('evidence bundles exported by investigators');

  evidence
    .command('verify')
    .description(
      'check a bundle offline: signature and signer, every file digest, the record against its audit entry, the media. Exit code 1 if any check fails (a bundle whose signer was not checked against --public-key does not verify), 2 if the file cannot be read as a zip',
    )
    .argument('<bundle>', 'the .zip exported from GET /v1/evidence/{id}/bundle')
    .option(
      '--public-key <file>',
      "the instance's public key (PEM, from GET /v1/evidence-signing-key): the bundle must be signed by it",
    )
    .option('--json', 'print the verdict as one JSON object')
    .option(
      '--max-bytes <n>',
      'refuse bundles larger than this (default 2 GiB)',
      parsePositiveInteger,
      2 * 1024 ** 3,
    )
    .action(
      async (bundle: string, options: { publicKey?: string; json?: boolean; maxBytes: number }) => {
        let zip: Uint8Array;
        let trusted: string | undefined;
        try {
          const size = (await stat(bundle)).size;
          if (size > options.maxBytes)
            throw new Error(`${bundle} is ${size} bytes, over the limit of ${options.maxBytes}`);
          zip = new Uint8Array(await readFile(bundle));
          if (options.publicKey) trusted = await readFile(options.publicKey, 'utf8');
        } catch (error) {
          process.stderr.write(`haechi evidence verify: ${(error as Error).message}\n`);
          process.exitCode = USAGE_ERROR;
          return;
        }
        const verdict = verifyEvidenceBundle(zip, { trustedPublicKeyPem: trusted });
        if (options.json) out(JSON.stringify(verdict));
        else {
          for (const check of verdict.checks)
            out(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.check}: ${check.detail}`);
          out(
            verdict.ok
              ? `bundle of ${verdict.recordId} verified (signed by the trusted key)`
              : `bundle${verdict.recordId ? ` of ${verdict.recordId}` : ''} does NOT verify${trusted ? '' : ' (no --public-key: its signer is unknown)'}`,
          );
        }
        const unreadable = verdict.checks.some((c) => c.check === 'archive' && !c.ok);
        if (unreadable) process.exitCode = USAGE_ERROR;
        else if (!verdict.ok) process.exitCode = 1;
      },
    );
}
