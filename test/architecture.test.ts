// docs/ARCHITECTURE.md's checked diagrams against the code: the packages' dependencies and the
// server's service folders with their imports. A change to either without the diagram fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');

interface Graph {
  readonly nodes: string[];
  readonly edges: string[];
}

/** The Mermaid flowchart after `<!-- checked: name -->`: its node ids and `a --> b` edges. */
function checkedDiagram(name: string): Graph {
  const block = new RegExp(`<!-- checked: ${name} -->\\s*\`\`\`mermaid\\n([\\s\\S]*?)\`\`\``).exec(
    DOC,
  )?.[1];
  if (!block) throw new Error(`docs/ARCHITECTURE.md has no checked diagram "${name}"`);
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const line of block.split('\n').slice(1)) {
    const edge = /^\s*([\w-]+)\s*-->\s*([\w-]+)\s*$/.exec(line);
    if (edge) {
      nodes.add(edge[1]).add(edge[2]);
      edges.add(`${edge[1]} --> ${edge[2]}`);
    } else if (/^\s*[\w-]+\s*$/.test(line)) nodes.add(line.trim());
    else if (line.trim()) throw new Error(`diagram "${name}": cannot read "${line.trim()}"`);
  }
  return { nodes: [...nodes].sort(), edges: [...edges].sort() };
}

const directories = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

/** Every TypeScript file under a folder, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('docs/ARCHITECTURE.md', () => {
  it('draws every package with exactly its @haechi dependencies', () => {
    const packages = directories(join(ROOT, 'packages'));
    const edges = packages.flatMap((dir) => {
      const manifest = JSON.parse(
        readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8'),
      ) as {
        name: string;
        dependencies?: Record<string, string>;
      };
      return Object.keys(manifest.dependencies ?? {})
        .filter((d) => d.startsWith('@haechi/'))
        .map((d) => `${manifest.name.slice('@haechi/'.length)} --> ${d.slice('@haechi/'.length)}`);
    });
    const drawn = checkedDiagram('packages');
    expect(drawn.nodes).toEqual(
      packages
        .map((dir) =>
          JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')).name.slice(
            8,
          ),
        )
        .sort(),
    );
    expect(drawn.edges).toEqual(edges.sort());
  });

  it('draws every feature and service folder of the server with exactly the folders it imports', () => {
    const src = join(ROOT, 'packages/server/src');
    // Each folder of features/ and services/ by its name (the names do not repeat).
    const folders = new Map(
      ['features', 'services'].flatMap((layer) =>
        directories(join(src, layer)).map((name) => [join(src, layer, name), name] as const),
      ),
    );
    const edges = new Set<string>();
    for (const [dir, name] of folders)
      for (const file of sources(dir))
        for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
          const target = folders.get(dirname(resolve(dirname(file), spec)));
          if (target && target !== name) edges.add(`${name} --> ${target}`);
        }
    const drawn = checkedDiagram('server');
    expect(drawn.nodes).toEqual([...folders.values()].sort());
    expect(drawn.edges).toEqual([...edges].sort());
  });
});
