import { describe, expect, it } from 'vitest';
import type { SessionSeries } from '../../shared/schemas/series.ts';
import type { ObservationPage, WardSnapshot } from '../../shared/schemas/session.ts';
import { expectError, expectStatus } from '../support/api.ts';
import { bloodPressure, heartRate, heartRateSeries, openSession, spo2 } from '../support/clinic.ts';
import { describeEachEngine, useTestServer } from '../support/engines.ts';

describeEachEngine('read models for the dashboard', (engine) => {
  const fx = useTestServer(engine);

  describe('session series (chart columns)', () => {
    it('returns current readings per kind as aligned columns, in time order, at full resolution', async () => {
      const session = await openSession(fx);
      const nurse = fx.api('nurse');
      const readings = heartRateSeries(session.id, 30);
      expectStatus(await nurse.post('/api/observations', { observations: [...readings].reverse() }), 201);
      const bp = bloodPressure(session.id, 182, 95, '2026-11-20T08:10:00Z');
      expectStatus(await nurse.post('/api/observations', { observations: [bp] }), 201);
      const withdrawn = readings[5];
      if (!withdrawn) throw new Error('fixture');
      expectStatus(await nurse.post(`/api/observations/${withdrawn.id}/entered-in-error`, { reason: 'Probe off the finger' }), 200);

      const body = expectStatus(await nurse.get<SessionSeries>(`/api/sessions/${session.id}/series`), 200);
      expect(body.downsampled).toBe(false);
      const hr = body.series.find((s) => s.kind === 'heartRate');
      expect(hr?.t).toHaveLength(29);
      expect(hr?.t).toEqual([...(hr?.t ?? [])].sort((a, b) => a - b));
      expect(hr?.v2).toBeNull();
      expect(hr?.t).not.toContain(Date.parse(withdrawn.observedAt));
      const pressure = body.series.find((s) => s.kind === 'bloodPressure');
      expect(pressure).toMatchObject({ v: [182], v2: [95], abnormal: [1], t: [Date.parse('2026-11-20T08:10:00Z')] });
      expect(body.seq).toBeGreaterThan(0);
    });

    it('thins a long series on the server and gives full resolution for a zoomed window', async () => {
      const session = await openSession(fx);
      const start = Date.parse('2026-11-20T06:00:00Z');
      expectStatus(await fx.api('nurse').post('/api/observations', { observations: heartRateSeries(session.id, 600, start) }), 201);

      const thinned = expectStatus(await fx.api('reviewer').get<SessionSeries>(`/api/sessions/${session.id}/series?maxPoints=50`), 200);
      expect(thinned.downsampled).toBe(true);
      expect(thinned.series[0]?.t).toHaveLength(50);

      const from = start + 100_000;
      const to = start + 129_000;
      const zoomed = expectStatus(
        await fx.api('reviewer').get<SessionSeries>(`/api/sessions/${session.id}/series?maxPoints=50&from=${from}&to=${to}`),
        200,
      );
      expect(zoomed.downsampled).toBe(false);
      const times = zoomed.series[0]?.t ?? [];
      expect(times.length).toBeGreaterThan(0);
      expect(times.every((t) => t >= from && t <= to)).toBe(true);
    });

    it('refuses a bad window and an unknown session', async () => {
      const session = await openSession(fx);
      expectError(await fx.api('nurse').get(`/api/sessions/${session.id}/series?maxPoints=2`), 422, 'validation_failed');
      expectError(await fx.api('nurse').get('/api/sessions/0b6f3a52-6a43-4a2e-9d6e-0a5d4d1a2b01/series'), 404, 'not_found');
    });
  });

  describe('observation pages', () => {
    it('pages newest first through every version without gaps or repeats, and filters', async () => {
      const session = await openSession(fx);
      const nurse = fx.api('nurse');
      const readings = heartRateSeries(session.id, 23);
      expectStatus(await nurse.post('/api/observations', { observations: readings }), 201);
      const high = heartRate(session.id, 140, '2026-11-20T09:00:00Z');
      expectStatus(await nurse.post('/api/observations', { observations: [high] }), 201);

      const seen: string[] = [];
      let before: string | null = null;
      let pages = 0;
      do {
        const query: string = before ? `&before=${encodeURIComponent(before)}` : '';
        const page: ObservationPage = expectStatus(await nurse.get<ObservationPage>(`/api/sessions/${session.id}/observations?limit=10${query}`), 200);
        seen.push(...page.observations.map((o) => o.observedAt));
        before = page.nextBefore;
        pages++;
      } while (before);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(24);
      expect(new Set(seen).size).toBe(24);
      expect(seen).toEqual([...seen].sort().reverse());

      const abnormal = expectStatus(await nurse.get<ObservationPage>(`/api/sessions/${session.id}/observations?filter=abnormal`), 200);
      expect(abnormal.observations.map((o) => o.id)).toEqual([high.id]);
    });
  });

  describe('ward snapshot', () => {
    it('lists every chair, and each running session with its latest readings and a sparkline trend', async () => {
      const session = await openSession(fx);
      const nurse = fx.api('nurse');
      const start = Date.parse('2026-11-20T07:00:00Z');
      expectStatus(await nurse.post('/api/observations', { observations: heartRateSeries(session.id, 120, start) }), 201);
      expectStatus(await nurse.post('/api/observations', { observations: [spo2(session.id, 93, '2026-11-20T07:30:00Z')] }), 201);

      const ward = expectStatus(await fx.api('physician').get<WardSnapshot>('/api/ward'), 200);
      expect(ward.chairs.length).toBeGreaterThanOrEqual(6);
      expect(ward.chairs.map((c) => c.id)).toContain(session.chair.id);
      const card = ward.sessions.find((s) => s.id === session.id);
      expect(card?.trend.heartRate.length).toBeLessThanOrEqual(48);
      expect(card?.trend.heartRate.length).toBeGreaterThan(10);
      expect(card?.trend.spo2).toEqual([[Date.parse('2026-11-20T07:30:00Z'), 93]]);
      expect(card?.trend.systolic).toEqual([]);
      expect(card?.latest.find((o) => o.kind === 'spo2')).toMatchObject({ value: 93, interpretation: { value: 'low' } });
    });
  });
});
