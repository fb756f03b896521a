/** Parses one JSON line that must hold an object; throws an Error saying what it holds instead. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('expected a JSON object');
  return value as Record<string, unknown>;
}

/** A `labels` field: absent (no labels) or an object whose every value is a string. */
export function parseLabels(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('"labels" must be an object of strings');
  const entries = Object.entries(value);
  for (const [key, v] of entries)
    if (typeof v !== 'string') throw new Error(`label "${key}" must be a string`);
  return Object.fromEntries(entries);
}
