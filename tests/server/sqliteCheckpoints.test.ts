import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { UnsequencedChange } from '../../shared/realtime/changes.ts';
import { openDatabase } from '../../server/db/database.ts';
import { GroupCommitter } from '../../server/db/groupCommit.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { waitFor } from '../support/freePort.ts';
import { tempSqlite } from '../support/testServer.ts';

const bulky = (i: number): UnsequencedChange =>
  ({ type: 'observation.enteredInError', sessionId: `s-${i % 50}`, at: new Date().toISOString(), payload: { observation: { id: `o-${i}`, note: 'x'.repeat(2000) } } }) as unknown as UnsequencedChange;

describe('SQLite write-ahead log under constant writes', () => {
  it('is copied back by the checkpoint worker and starts over, so it never grows without bound', async () => {
    const config = tempSqlite();
    if (config.engine !== 'sqlite') throw new Error('unreachable');
    const database = openDatabase(config);
    try {
      await migrateToLatest(database.db, database.engine);
      const writer = new GroupCommitter(database.db, database.engine);
      // About 40 MB of log written back to back: no pause in which a worker's pass could finish first.
      let written = 0;
      for (let round = 0; round < 80; round++) {
        await Promise.all(Array.from({ length: 256 }, () => writer.execute(async () => ({ result: null, changes: [bulky(written++)] }))));
      }
      const walBytes = fs.statSync(`${config.file}-wal`).size;
      expect(walBytes).toBeLessThan(30 * 1024 * 1024);
      // The rows reached the database file itself, not only the log.
      await waitFor(async () => fs.statSync(config.file).size > 20 * 1024 * 1024, 'the checkpoint worker to copy the log back', 20_000, 100);
      const count = await database.db.selectFrom('event_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(written);
    } finally {
      await database.close();
    }
  });
});
