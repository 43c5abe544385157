import { describe, expect, it } from 'vitest';
import { Table, type Predictions } from '@aistudio/engine';
import { csvToRecords } from '../csv-records.js';
import { LruCache } from '../lru-cache.js';
import { concatTables, MicroBatcher } from '../micro-batcher.js';
import { parseScoringJson } from '../lenient-json.js';
import { pickRoute } from '../traffic-split.js';

const route = (version: number, weight: number) => ({
  modelId: '00000000-0000-4000-8000-000000000000',
  modelVersionId: `00000000-0000-4000-8000-00000000000${version}`,
  version,
  ref: String(version),
  weight,
});

describe('pickRoute', () => {
  it('draws by weight from the first 32 bits of the prediction id', () => {
    const routes = [route(1, 70), route(2, 0), route(3, 30)];
    expect(pickRoute(routes, '00000000-0000-4000-8000-000000000000').version).toBe(1);
    // 0xb3333333 / 2^32 ≈ 0.70000: just past route 1's share, and the 0% route is skipped.
    expect(pickRoute(routes, 'b3333334-0000-4000-8000-000000000000').version).toBe(3);
    expect(pickRoute(routes, 'ffffffff-ffff-4fff-bfff-ffffffffffff').version).toBe(3);
  });
});

describe('LruCache', () => {
  it('loads a key once, evicts the least recently used and forgets a failed load', async () => {
    const cache = new LruCache<string>({ capacity: 2 });
    let loads = 0;
    const load = (value: string) => () => {
      loads++;
      return Promise.resolve(value);
    };
    await Promise.all([cache.get('a', load('A')), cache.get('a', load('A'))]);
    expect(loads).toBe(1);
    await cache.get('b', load('B'));
    await cache.get('a', load('A')); // a is now the most recent
    await cache.get('c', load('C'));
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);

    await expect(cache.get('d', () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(cache.has('d')).toBe(false);
  });
});

describe('LruCache peek', () => {
  it('answers only loaded, fresh values and counts as a use', async () => {
    const cache = new LruCache<string>({ capacity: 2 });
    let resolve!: (value: string) => void;
    const loading = cache.get('a', () => new Promise<string>((r) => (resolve = r)));
    expect(cache.peek('a')).toBeUndefined(); // still loading
    resolve('A');
    await loading;
    await cache.get('b', () => Promise.resolve('B'));
    expect(cache.peek('a')).toBe('A'); // a is now the most recent
    await cache.get('c', () => Promise.resolve('C'));
    expect([cache.peek('a'), cache.peek('b')]).toEqual(['A', undefined]);
    cache.delete('a');
    expect(cache.peek('a')).toBeUndefined();
  });
});

describe('LruCache deletes', () => {
  it('drops entries whose value matches, and loads still running', async () => {
    const cache = new LruCache<string>({ capacity: 10 });
    await cache.get('a', () => Promise.resolve('keep'));
    await cache.get('b', () => Promise.resolve('drop'));
    void cache.get('c', () => new Promise<string>(() => {}));
    cache.deleteWhere((v) => v === 'drop');
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, false]);
  });

  it('loads again once an entry is older than its time to live', async () => {
    const cache = new LruCache<number>({ capacity: 10, ttlMs: 0 });
    let loads = 0;
    await cache.get('a', () => Promise.resolve(++loads));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.get('a', () => Promise.resolve(++loads))).toBe(2);
  });
});

describe('MicroBatcher', () => {
  const table = (xs: (number | null)[], cs: (string | null)[]) =>
    Table.fromColumns({ x: xs, c: cs });
  // Echoes x as the value and counts calls, so the test sees batching and the split back.
  const echo = () => {
    const calls: number[] = [];
    const batcher = new MicroBatcher(async (t: Table): Promise<Predictions> => {
      calls.push(t.numRows);
      const x = t.column('x');
      if (x.kind !== 'numeric') throw new Error('x is numeric');
      if (x.values.some((v) => v < 0)) throw new Error('negative');
      return { values: Float64Array.from(x.values) };
    });
    return { calls, batcher };
  };

  it('scores requests that arrive together as one table and splits the rows back', async () => {
    const { calls, batcher } = echo();
    const results = await Promise.all([
      batcher.score(table([1], ['a'])),
      batcher.score(table([2, 3], ['b', null])),
      batcher.score(table([4], ['a'])),
    ]);
    expect(calls).toEqual([4]);
    expect(results.map((r) => Array.from(r.values!))).toEqual([[1], [2, 3], [4]]);
  });

  it("keeps one request's failure its own", async () => {
    const { calls, batcher } = echo();
    const results = await Promise.allSettled([
      batcher.score(table([1], ['a'])),
      batcher.score(table([-1], ['a'])),
      batcher.score(table([5], ['a'])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([3, 1, 1, 1]);
  });

  it('joins categorical columns into one dictionary', () => {
    const joined = concatTables([table([1, 2], ['b', 'a']), table([3, null], ['a', null])]);
    const c = joined.column('c');
    expect(c.kind).toBe('categorical');
    if (c.kind !== 'categorical') return;
    expect(Array.from(c.codes, (code) => (code < 0 ? null : c.categories[code]))).toEqual([
      'b',
      'a',
      'a',
      null,
    ]);
  });
});

describe('csvToRecords', () => {
  const inputs = [
    { name: 'x', kind: 'numeric' as const },
    { name: 'city', kind: 'categorical' as const },
  ];

  it('reads quoted cells, CRLF and empty cells; numbers only for numeric inputs', () => {
    expect(csvToRecords('x,city\r\n1.5,"New York, NY"\r\n,"say ""hi"""\n-2,007\n', inputs)).toEqual(
      [
        { x: 1.5, city: 'New York, NY' },
        { x: null, city: 'say "hi"' },
        { x: -2, city: '007' },
      ],
    );
  });

  it('keeps a non-finite or non-numeric cell as text for validation to name', () => {
    expect(csvToRecords('x,city\nInfinity,a\nabc,b', inputs)).toEqual([
      { x: 'Infinity', city: 'a' },
      { x: 'abc', city: 'b' },
    ]);
  });

  it('names a row with the wrong number of cells', () => {
    expect(() => csvToRecords('x,city\n1,a\n2', inputs)).toThrow('csv.rows[1]');
  });
});

describe('parseScoringJson', () => {
  it('reads bare NaN and ±Infinity as numbers, and leaves them alone inside strings', () => {
    expect(
      parseScoringJson('{"a":[NaN, Infinity,-Infinity,-1.5],"b":"NaN \\" Infinity","c":null}'),
    ).toEqual({ a: [NaN, Infinity, -Infinity, -1.5], b: 'NaN " Infinity', c: null });
  });

  it('refuses malformed JSON as a 400 naming the body', () => {
    expect(() => parseScoringJson('{"a": Nope}')).toThrow(/^body: is not valid JSON/);
  });
});
