import { describe, expect, it } from 'vitest';
import { csvToRecords } from '../csv-records.js';
import { ModelCache } from '../model-cache.js';
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

describe('ModelCache', () => {
  it('loads a key once, evicts the least recently used and forgets a failed load', async () => {
    const cache = new ModelCache<string>(2);
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
