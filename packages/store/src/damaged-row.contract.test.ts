import type { ScreeningRecord } from '@haechi/core';
import { describe, expect, it } from 'vitest';
import { RowShapeError } from './rows/row-reader.js';
import { BACKENDS, type Connection } from './test-backends.js';
import { addPlatform, storesOn } from './test-stores.js';

const AT = '2026-12-04T09:00:00.000Z';

async function damage(connection: Connection, sql: string): Promise<void> {
  if (connection.kind === 'sqlite') connection.db.exec(sql);
  else await connection.pool.query(sql);
}

describe.each(BACKENDS)('a damaged row on $name', (backend) => {
  it('fails on the column that is wrong, naming it, instead of passing a bad record on', async () => {
    const { connection, dispose } = await backend.open();
    try {
      const stores = storesOn(connection);
      const org = await addPlatform(stores, 'p', AT);
      const record: ScreeningRecord = {
        id: 'scr_damaged',
        orgId: org.id,
        contentId: null,
        url: null,
        verdict: 'hold',
        mediaKind: 'image',
        status: 'final',
        evidence: { reasons: [] },
        createdAt: AT,
      };
      await stores.screenings.saveScreening(record, 'key:1');
      expect(await stores.screenings.getScreening('scr_damaged')).toEqual(record);

      await damage(connection, "UPDATE screenings SET verdict = 'maybe' WHERE id = 'scr_damaged'");
      const read = stores.screenings.getScreening('scr_damaged');
      await expect(read).rejects.toBeInstanceOf(RowShapeError);
      await expect(read).rejects.toThrow(
        "screenings.verdict: expected one of allow, hold, refer, block, found 'maybe'",
      );

      await damage(
        connection,
        "UPDATE screenings SET verdict = 'hold', evidence = '[1]' WHERE id = 'scr_damaged'",
      );
      await expect(stores.screenings.getScreening('scr_damaged')).rejects.toThrow(
        'screenings.evidence: expected a JSON object, found an array',
      );
    } finally {
      await dispose();
    }
  });
});
