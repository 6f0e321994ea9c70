import { describe, expect, it } from 'vitest';
import type { UnsequencedChange } from '../../shared/realtime/changes.ts';
import type { RecordedResult } from '../../shared/realtime/socketEvents.ts';
import { type CoalescingWork, GroupCommitter } from '../../server/db/groupCommit.ts';
import { DomainError } from '../../server/domain/errors.ts';
import { heartRate, openSession } from '../support/clinic.ts';
import { describeEachEngine, useTestServer } from '../support/engines.ts';

/** A change the event log accepts; the payload names the item so the log can be checked. */
const marker = (sessionId: string, name: string): UnsequencedChange =>
  ({ type: 'observation.enteredInError', sessionId, at: new Date().toISOString(), payload: { observation: { id: name } } }) as unknown as UnsequencedChange;

describeEachEngine('group commit', (engine) => {
  const fx = useTestServer(engine);
  const services = () => fx.server.server.services;
  /** A committer of its own on the server's database, so its batches hold only what a test queues. */
  const committer = () => new GroupCommitter(services().db, services().database.engine);

  const logged = async (sessionId: string): Promise<Array<{ seq: number; name: string }>> => {
    const rows = await services().db.selectFrom('event_log').select(['seq', 'payload']).where('session_id', '=', sessionId).where('type', '=', 'observation.enteredInError').orderBy('seq').execute();
    return rows.map((row) => ({ seq: Number(row.seq), name: (JSON.parse(row.payload) as { observation: { id: string } }).observation.id }));
  };

  describe('coalescing work', () => {
    it('runs the items queued together in one call and answers each caller with its own result', async () => {
      const session = await openSession(fx);
      const calls: number[] = [];
      const echo: CoalescingWork<string, string> = {
        name: 'echo',
        async runMany(_trx, items) {
          calls.push(items.length);
          return { results: items.map((item) => `stored ${item}`), changes: items.map((item) => marker(session.id, item)) };
        },
      };
      const writer = committer();
      const names = Array.from({ length: 50 }, (_, i) => `item-${i}`);
      const answers = await Promise.all(names.map((name) => writer.executeCoalesced(echo, name)));

      expect(answers).toEqual(names.map((name) => `stored ${name}`));
      expect(calls).toEqual([50]);
      expect((await logged(session.id)).map((row) => row.name)).toEqual(names);
    });

    it('fails only the refused item of a group; its neighbours commit, in order', async () => {
      const session = await openSession(fx);
      const refusing: CoalescingWork<string, string> = {
        name: 'refusing',
        async runMany(trx, items) {
          // Something is written before the refusal: it must be rolled back with it.
          await trx.insertInto('event_log').values({ seq: 999_999, session_id: session.id, type: 'x', at: 'x', payload: '{}' }).execute();
          const bad = items.find((item) => item.startsWith('bad'));
          if (bad) throw new DomainError(422, 'refused', `${bad} refused`);
          await trx.deleteFrom('event_log').where('seq', '=', 999_999).execute();
          return { results: items.map((item) => item), changes: items.map((item) => marker(session.id, item)) };
        },
      };
      const writer = committer();
      const settled = await Promise.allSettled(['ok-1', 'bad-1', 'ok-2', 'ok-3'].map((item) => writer.executeCoalesced(refusing, item)));

      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const refusal = settled[1];
      expect(refusal?.status === 'rejected' && refusal.reason instanceof DomainError && refusal.reason.message).toBe('bad-1 refused');
      expect((await logged(session.id)).map((row) => row.name)).toEqual(['ok-1', 'ok-2', 'ok-3']);
    });

    it('retries a whole commit after a transient failure without storing anything twice', async () => {
      const session = await openSession(fx);
      let attempts = 0;
      const flaky: CoalescingWork<string, string> = {
        name: 'flaky',
        async runMany(_trx, items) {
          attempts++;
          if (attempts === 1) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
          return { results: items.map((item) => item), changes: items.map((item) => marker(session.id, item)) };
        },
      };
      const writer = committer();
      expect(await Promise.all(['a', 'b'].map((item) => writer.executeCoalesced(flaky, item)))).toEqual(['a', 'b']);
      expect(attempts).toBe(2);
      expect((await logged(session.id)).map((row) => row.name)).toEqual(['a', 'b']);
    });

    it('answers every caller with the failure, and acknowledges none, when the commit cannot be made', async () => {
      const session = await openSession(fx);
      const broken: CoalescingWork<string, string> = {
        name: 'broken',
        async runMany() {
          throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
        },
      };
      const writer = committer();
      const settled = await Promise.allSettled(['a', 'b'].map((item) => writer.executeCoalesced(broken, item)));
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
      expect(await logged(session.id)).toEqual([]);
    }, 30_000);
  });

  describe('event-log numbering', () => {
    it('numbers changes without gaps, in commit order, whatever fails in between', async () => {
      const session = await openSession(fx);
      const writer = committer();
      const published: number[] = [];
      writer.onCommitted((changes) => published.push(...changes.map((c) => c.seq)));
      const sometimesRefused: CoalescingWork<number, number> = {
        name: 'sometimesRefused',
        async runMany(_trx, items) {
          if (items.some((i) => i % 3 === 0)) throw new DomainError(422, 'refused', 'multiple of three');
          return { results: [...items], changes: items.map((i) => marker(session.id, `n-${i}`)) };
        },
      };
      for (let round = 0; round < 3; round++) {
        await Promise.allSettled(Array.from({ length: 20 }, (_, i) => writer.executeCoalesced(sometimesRefused, round * 20 + i + 1)));
        await writer.execute(async () => ({ result: null, changes: [marker(session.id, `plain-${round}`)] }));
      }
      const all = await services().db.selectFrom('event_log').select('seq').orderBy('seq').execute();
      const seqs = all.map((row) => Number(row.seq));
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] ?? 0) + i));
      expect(published).toEqual([...published].sort((a, b) => a - b));
      const ours = await logged(session.id);
      expect(ours.map((row) => row.seq)).toEqual(published);
      expect(ours.filter((row) => row.name.startsWith('n-'))).toHaveLength(40);
    });
  });

  describe('recording readings', () => {
    it('stores many chairs sending at once in few commits, each reading once, every one audited', async () => {
      const sessions = await Promise.all(Array.from({ length: 10 }, () => openSession(fx)));
      const commits: number[] = [];
      const stop = services().writer.onCommitted((changes) => commits.push(changes.length));
      const readings = sessions.flatMap((session) => Array.from({ length: 10 }, (_, i) => heartRate(session.id, 60 + i, new Date(Date.now() - 60_000 + i * 1000).toISOString())));
      const monitor = fx.server.cast.monitor;
      const answers = await Promise.all(readings.map((reading) => services().observations.recordObservations(monitor, [reading])));
      stop();

      expect(answers.map((a) => a[0])).toEqual(readings.map((r): RecordedResult => ({ id: r.id, created: true })));
      expect(commits.reduce((a, b) => a + b, 0)).toBe(100);
      expect(commits.length).toBeLessThan(10);
      const stored = await services().db.selectFrom('observations').select('id').where('id', 'in', readings.map((r) => r.id)).execute();
      expect(stored).toHaveLength(100);
      const audits = await services().db.selectFrom('audit_log').select(['after_state', 'user_id']).where('action', '=', 'observation.recorded').where('user_id', '=', monitor.userId).execute();
      const audited = audits.flatMap((row) => (JSON.parse(row.after_state ?? '{}') as { ids?: string[] }).ids ?? []);
      for (const reading of readings) expect(audited.filter((id) => id === reading.id)).toHaveLength(1);
    });

    it('refuses only the request that conflicts when requests share a commit', async () => {
      const session = await openSession(fx);
      const first = heartRate(session.id, 70);
      const monitor = fx.server.cast.monitor;
      await services().observations.recordObservations(monitor, [first]);
      const neighbours = Array.from({ length: 5 }, (_, i) => heartRate(session.id, 80 + i));
      const settled = await Promise.allSettled([
        ...neighbours.slice(0, 2).map((r) => services().observations.recordObservations(monitor, [r])),
        services().observations.recordObservations(monitor, [{ ...first, value: 71 }]),
        services().observations.recordObservations(monitor, [first]),
        ...neighbours.slice(2).map((r) => services().observations.recordObservations(monitor, [r])),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      const conflict = settled[2];
      expect(conflict?.status === 'rejected' && conflict.reason).toMatchObject({ code: 'id_conflict', issues: [{ path: 'observations.0.id' }] });
      expect(settled[3]).toMatchObject({ status: 'fulfilled', value: [{ id: first.id, created: false }] });
      const stored = await services().db.selectFrom('observations').select(['id', 'value']).where('session_id', '=', session.id).execute();
      expect(stored).toHaveLength(6);
      expect(stored.find((row) => row.id === first.id)?.value).toBe(70);
    });
  });
});
