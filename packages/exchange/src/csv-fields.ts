/**
 * Splits one CSV record (RFC 4180: fields may be quoted, "" is a quote inside quotes). Hash lists
 * keep one record per line, so a quote left open at the end of the line is an error, not a
 * continuation.
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStart = true;
    } else {
      if (c === '"') throw new Error('a quote inside an unquoted field');
      field += c;
      fieldStart = false;
    }
  }
  if (quoted) throw new Error('a quoted field is not closed on this line');
  fields.push(field);
  return fields;
}

/** One CSV field, quoted when it holds a comma, a quote or a line break. */
export function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
