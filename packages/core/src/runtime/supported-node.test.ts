import { describe, expect, it } from 'vitest';
import { SUPPORTED_NODE_RANGE, unsupportedNode } from './supported-node.js';

describe('unsupportedNode', () => {
  it('accepts the Node 24 LTS line from 24.11 and every newer release', () => {
    for (const version of ['24.11.0', 'v24.21.0', '25.0.0', '26.10.0'])
      expect(unsupportedNode(version)).toBeNull();
  });

  it('refuses end-of-life and pre-LTS releases, naming the version and the way out', () => {
    expect(unsupportedNode('20.20.2')).toBe(
      'Haechi needs Node.js 24.11 or newer and this is 20.20.2. Run it through npm (npm start, ' +
        'npx haechi), which uses the Node.js 24 that `npm install` placed in node_modules/.bin, ' +
        'or install Node.js 24 LTS',
    );
    expect(unsupportedNode('22.13.0')).toMatch(
      /^Haechi needs Node.js 24.11 or newer and this is 22.13.0/,
    );
    expect(unsupportedNode('24.10.0')).not.toBeNull();
  });

  it('refuses a version it cannot read rather than guessing', () => {
    expect(unsupportedNode('nightly')).toBe('cannot read the Node.js version "nightly"');
  });

  it('writes the range as package.json engines does', () => {
    expect(SUPPORTED_NODE_RANGE).toBe('>=24.11');
  });
});
