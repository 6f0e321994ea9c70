import { describe, expect, it } from 'vitest';
import {
  type News2Inputs,
  acvpuFromSedation,
  consciousnessPoints,
  news2,
  pulsePoints,
  respiratoryRatePoints,
  spo2Scale1Points,
  systolicPoints,
  temperaturePoints,
} from '../../shared/scores/news2.ts';

/** Each band edge of the RCP chart: [value, points]. */
describe('NEWS2 parameter bands, at every edge', () => {
  it.each([
    [8, 3], [9, 1], [11, 1], [12, 0], [20, 0], [21, 2], [24, 2], [25, 3],
  ])('respiration rate %d scores %d', (rr, points) => expect(respiratoryRatePoints(rr)).toBe(points));

  it.each([
    [91, 3], [92, 2], [93, 2], [94, 1], [95, 1], [96, 0], [100, 0],
  ])('SpO2 (scale 1) %d %% scores %d', (spo2, points) => expect(spo2Scale1Points(spo2)).toBe(points));

  it.each([
    [90, 3], [91, 2], [100, 2], [101, 1], [110, 1], [111, 0], [219, 0], [220, 3],
  ])('systolic %d mmHg scores %d', (sbp, points) => expect(systolicPoints(sbp)).toBe(points));

  it.each([
    [40, 3], [41, 1], [50, 1], [51, 0], [90, 0], [91, 1], [110, 1], [111, 2], [130, 2], [131, 3],
  ])('pulse %d/min scores %d', (hr, points) => expect(pulsePoints(hr)).toBe(points));

  it.each([
    [35.0, 3], [35.1, 1], [36.0, 1], [36.1, 0], [38.0, 0], [38.1, 1], [39.0, 1], [39.1, 2],
  ])('temperature %d °C scores %d', (t, points) => expect(temperaturePoints(t)).toBe(points));

  it('scores new confusion, voice, pain and unresponsive 3, alert 0', () => {
    expect(consciousnessPoints('A')).toBe(0);
    for (const level of ['C', 'V', 'P', 'U'] as const) expect(consciousnessPoints(level)).toBe(3);
  });
});

const calm: News2Inputs = { respiratoryRate: 16, spo2: 98, onOxygen: false, systolic: 125, heartRate: 72, consciousness: 'A', temperature: 36.8 };

describe('NEWS2 aggregate and clinical response', () => {
  it('is 0 and low for a calm patient', () => {
    expect(news2(calm)).toMatchObject({ total: 0, band: 'low' });
  });

  it('adds 2 for supplemental oxygen', () => {
    expect(news2({ ...calm, onOxygen: true })).toMatchObject({ total: 2, band: 'low' });
  });

  it('is low-medium when one parameter scores 3 and the total is under 5', () => {
    expect(news2({ ...calm, consciousness: 'V' })).toMatchObject({ total: 3, band: 'low-medium' });
  });

  it('is low at 4 without a 3, medium at 5 and 6, high at 7', () => {
    expect(news2({ ...calm, heartRate: 115, respiratoryRate: 22 })).toMatchObject({ total: 4, band: 'low' });
    expect(news2({ ...calm, heartRate: 115, respiratoryRate: 22, temperature: 38.5 })).toMatchObject({ total: 5, band: 'medium' });
    expect(news2({ ...calm, heartRate: 115, respiratoryRate: 22, spo2: 95, temperature: 38.5 })).toMatchObject({ total: 6, band: 'medium' });
    expect(news2({ ...calm, heartRate: 115, respiratoryRate: 22, spo2: 94, temperature: 38.5, onOxygen: false, systolic: 105 })).toMatchObject({
      total: 7,
      band: 'high',
    });
  });

  it('maps sedation scales onto ACVPU', () => {
    expect(acvpuFromSedation('moaas', 5)).toBe('A');
    expect(acvpuFromSedation('moaas', 4)).toBe('V');
    expect(acvpuFromSedation('moaas', 2)).toBe('P');
    expect(acvpuFromSedation('moaas', 0)).toBe('U');
    expect(acvpuFromSedation('rass', 0)).toBe('A');
    expect(acvpuFromSedation('rass', -2)).toBe('V');
    expect(acvpuFromSedation('rass', -4)).toBe('P');
    expect(acvpuFromSedation('rass', -5)).toBe('U');
  });
});
