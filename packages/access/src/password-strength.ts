import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * The score (zxcvbn's 0–4) a password must reach: 3 is "safely unguessable: moderate protection
 * from offline slow-hash scenarios", which is our case (scrypt hashes, should a store leak).
 */
export const MIN_PASSWORD_SCORE = 3;

let ready = false;

/**
 * How guessable a password is, by zxcvbn-ts with its common dictionaries and keyboard graphs
 * (loaded once, on first use): repeats, sequences, keyboard walks and common words score low,
 * however long. `related` are words the person's other details give away (an email, a name).
 */
export function passwordScore(password: string, related: readonly string[] = []): number {
  if (!ready) {
    zxcvbnOptions.setOptions({ dictionary, graphs: adjacencyGraphs });
    ready = true;
  }
  return zxcvbn(password, [...related]).score;
}
