import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../server/db/statementCache.ts';

describe('the SQLite statement cache', () => {
  let dir: string;
  let connection: SQLite.Database;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-statements-'));
    connection = new SQLite(path.join(dir, 'cache.sqlite'));
    connection.exec('create table readings (id integer primary key, value integer)');
  });
  afterEach(() => {
    if (connection.open) connection.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('compiles each SQL text once and gives the same statement again', () => {
    const db = withStatementCache(connection);
    const insert = db.prepare('insert into readings (value) values (?)');
    expect(db.prepare('insert into readings (value) values (?)')).toBe(insert);
    insert.run([70]);
    db.prepare('insert into readings (value) values (?)').run([71]);
    expect(db.prepare('select value from readings order by id').all([])).toEqual([{ value: 70 }, { value: 71 }]);
  });

  it('compiles a fresh statement while the cached one is still being iterated', () => {
    const db = withStatementCache(connection);
    for (const value of [1, 2, 3]) db.prepare('insert into readings (value) values (?)').run([value]);
    const select = 'select value from readings where value >= ? order by id';
    const streaming = db.prepare(select).iterate([1]);
    expect(streaming.next().value).toEqual({ value: 1 });
    // The same query again mid-stream: a statement of its own, and the stream carries on.
    expect(db.prepare(select).all([2])).toEqual([{ value: 2 }, { value: 3 }]);
    expect([...streaming]).toEqual([{ value: 2 }, { value: 3 }]);
  });

  it('keeps at most its size, dropping the least recently used', () => {
    const db = withStatementCache(connection, 2);
    const a = db.prepare('select 1 as a');
    const b = db.prepare('select 2 as b');
    expect(db.prepare('select 1 as a')).toBe(a);
    db.prepare('select 3 as c');
    // b was used least recently and made room; a was kept.
    expect(db.prepare('select 1 as a')).toBe(a);
    expect(db.prepare('select 2 as b')).not.toBe(b);
  });

  it('sees a table changed after a statement was compiled', () => {
    const db = withStatementCache(connection);
    const select = 'select * from readings';
    db.prepare('insert into readings (value) values (?)').run([5]);
    expect(db.prepare(select).all([])).toEqual([{ id: 1, value: 5 }]);
    connection.exec('alter table readings add column unit text');
    expect(db.prepare(select).all([])).toEqual([{ id: 1, value: 5, unit: null }]);
  });
});
