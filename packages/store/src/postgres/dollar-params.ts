/** SQLite's `?` placeholders as PostgreSQL's `$1, $2, …` (our statements have no `?` in literals). */
export function dollarParams(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
