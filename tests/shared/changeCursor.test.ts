import { describe, expect, it } from 'vitest';
import { ChangeCursor } from '../../shared/realtime/changeCursor.ts';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';

const change = (seq: number): ChangeEvent =>
  ({ seq, type: 'observation.enteredInError', sessionId: 's', at: '', payload: {} }) as unknown as ChangeEvent;

describe('ChangeCursor', () => {
  it('applies live changes once, in order, and drops ones already seen', () => {
    const applied: number[] = [];
    const cursor = new ChangeCursor((c) => applied.push(c.seq), 3);
    for (const seq of [2, 3, 4, 5, 5, 4, 6]) cursor.push(change(seq));
    expect(applied).toEqual([4, 5, 6]);
    expect(cursor.position).toBe(6);
  });

  it('holds live changes during a replay and merges them without duplicates', () => {
    const applied: number[] = [];
    const cursor = new ChangeCursor((c) => applied.push(c.seq), 10);
    cursor.beginReplay();
    cursor.push(change(14));
    cursor.push(change(13));
    expect(applied).toEqual([]);
    cursor.endReplay([change(11), change(12), change(13)]);
    expect(applied).toEqual([11, 12, 13, 14]);
    cursor.push(change(15));
    expect(applied).toEqual([11, 12, 13, 14, 15]);
  });

  it('skips to a refetched snapshot after a resync', () => {
    const applied: number[] = [];
    const cursor = new ChangeCursor((c) => applied.push(c.seq), 1);
    cursor.beginReplay();
    cursor.push(change(100));
    cursor.push(change(102));
    cursor.resetTo(101);
    expect(applied).toEqual([102]);
  });
});
