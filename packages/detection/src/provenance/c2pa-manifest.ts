import { decode } from 'cborg';
import { parseBoxes, type JumbfBox } from './jumbf.js';

/** The C2PA manifest store's content type (ISO/IEC 19566-5 UUID `c2pa` 0011-0010-8000-00AA00389B71). */
export const C2PA_STORE_UUID = '6332706100110010800000aa00389b71';

export interface C2paAction {
  readonly action: string;
  readonly digitalSourceType: string | null;
  readonly softwareAgent: string | null;
}

export interface C2paManifest {
  readonly label: string;
  readonly claimGenerator: string | null;
  readonly actions: readonly C2paAction[];
}

function decodeCbor(payload: Uint8Array): unknown {
  try {
    return decode(payload, { useMaps: false, tags: [] });
  } catch {
    return null;
  }
}

const asString = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const cborOf = (box: JumbfBox): unknown => {
  const content = box.children.find((c) => c.type === 'cbor');
  return content ? decodeCbor(content.payload) : null;
};

function agentName(agent: unknown): string | null {
  if (typeof agent === 'string') return agent;
  if (agent && typeof agent === 'object') return asString((agent as { name?: unknown }).name);
  return null;
}

function readActions(box: JumbfBox): C2paAction[] {
  const value = cborOf(box) as { actions?: unknown } | null;
  if (!value || !Array.isArray(value.actions)) return [];
  return value.actions.flatMap((a: unknown) => {
    if (!a || typeof a !== 'object') return [];
    const action = a as Record<string, unknown>;
    return [
      {
        action: asString(action['action']) ?? '',
        digitalSourceType: asString(action['digitalSourceType']),
        softwareAgent: agentName(action['softwareAgent']),
      },
    ];
  });
}

function readClaimGenerator(box: JumbfBox): string | null {
  const claim = cborOf(box) as Record<string, unknown> | null;
  if (!claim) return null;
  const generator = asString(claim['claim_generator']);
  if (generator) return generator;
  const info = claim['claim_generator_info'];
  const first = Array.isArray(info) ? info[0] : info;
  return agentName(first);
}

/**
 * Reads the manifests of a C2PA manifest store: each one's claim generator and the actions it
 * declares (with their IPTC digital source type). It reads what the manifest claims; it does not
 * validate the COSE signature or the certificate chain, so a finding is a declaration, not proof.
 */
export function readC2paManifests(jumbf: Uint8Array): C2paManifest[] {
  const store = parseBoxes(jumbf).find(
    (b) => b.type === 'jumb' && (b.contentType === C2PA_STORE_UUID || b.label === 'c2pa'),
  );
  if (!store) return [];
  return store.children
    .filter((m) => m.type === 'jumb')
    .map((manifest) => {
      const assertions = manifest.children.find((c) => c.label === 'c2pa.assertions');
      const claim = manifest.children.find((c) => c.label?.startsWith('c2pa.claim'));
      return {
        label: manifest.label ?? '',
        claimGenerator: claim ? readClaimGenerator(claim) : null,
        actions: (assertions?.children ?? [])
          .filter((a) => a.label !== null && /^c2pa\.actions(\.v\d+)?(__\d+)?$/.test(a.label))
          .flatMap(readActions),
      };
    });
}
