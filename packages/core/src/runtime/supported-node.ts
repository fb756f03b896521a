/**
 * The oldest Node.js that runs Haechi: the Node 24 LTS line (24.11 was its first LTS release).
 * Node 20 reached its end of life on 30 April 2026 and gets no security fixes; Haechi decodes
 * untrusted uploads and holds victims' data, so it does not start on an unsupported runtime.
 * The root package.json's `engines.node` says the same (a test keeps the two equal).
 */
export const SUPPORTED_NODE = { major: 24, minor: 11 } as const;

/** `engines.node` as package.json writes it. */
export const SUPPORTED_NODE_RANGE = `>=${SUPPORTED_NODE.major}.${SUPPORTED_NODE.minor}`;

/**
 * Why Haechi refuses to run on `version` (as `process.versions.node` gives it), or null when it
 * may. Pure: the caller passes the version and decides how to stop.
 */
export function unsupportedNode(version: string): string | null {
  const match = /^v?(\d+)\.(\d+)\.\d+/.exec(version);
  if (!match) return `cannot read the Node.js version "${version}"`;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (
    major > SUPPORTED_NODE.major ||
    (major === SUPPORTED_NODE.major && minor >= SUPPORTED_NODE.minor)
  )
    return null;
  return (
    `Haechi needs Node.js ${SUPPORTED_NODE.major}.${SUPPORTED_NODE.minor} or newer and this is ${version}. ` +
    'Run it through npm (npm start, npx haechi), which uses the Node.js 24 that `npm install` ' +
    'placed in node_modules/.bin, or install Node.js 24 LTS'
  );
}
