import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, parseRunFilter } from '../run-filter.js';

describe('parseRunFilter', () => {
  it('parses AND-joined conditions of every kind', () => {
    expect(
      parseRunFilter(
        "metrics.auc > 0.9 and params.algorithm = 'gbdt' AND tags.team = 'x' and attributes.status != 'failed'",
      ),
    ).toEqual([
      { kind: 'metrics', key: 'auc', op: '>', value: 0.9 },
      { kind: 'params', key: 'algorithm', op: '=', value: 'gbdt' },
      { kind: 'tags', key: 'team', op: '=', value: 'x' },
      { kind: 'attributes', key: 'status', op: '!=', value: 'failed' },
    ]);
  });

  it('accepts singular kinds, quoted keys, doubled quotes, exponents and IN lists', () => {
    expect(
      parseRunFilter(
        "metric.`f1 macro` >= 1e-3 and tag.\"owner.name\" LIKE 'it''s%' and attribute.status IN ('succeeded', \"failed\") and params.numLeaves<=31",
      ),
    ).toEqual([
      { kind: 'metrics', key: 'f1 macro', op: '>=', value: 0.001 },
      { kind: 'tags', key: 'owner.name', op: 'LIKE', value: "it's%" },
      { kind: 'attributes', key: 'status', op: 'IN', value: ['succeeded', 'failed'] },
      { kind: 'params', key: 'numLeaves', op: '<=', value: 31 },
    ]);
    expect(parseRunFilter("attributes.status NOT IN ('failed')")[0]).toMatchObject({
      op: 'NOT IN',
    });
    expect(parseRunFilter('tags.epoch = 3')[0]).toMatchObject({ value: '3', op: '=' });
  });

  it('names runs, trials and sweeps by kind, and playground runs by source', () => {
    expect(
      parseRunFilter(
        "attributes.kind IN ('run', 'trial') and attributes.source = 'playground' and attributes.parent_run_id != 'x'",
      ),
    ).toEqual([
      { kind: 'attributes', key: 'kind', op: 'IN', value: ['run', 'trial'] },
      { kind: 'attributes', key: 'source', op: '=', value: 'playground' },
      { kind: 'attributes', key: 'parent_run_id', op: '!=', value: 'x' },
    ]);
  });

  it('treats an empty filter as no condition', () => {
    expect(parseRunFilter('   ')).toEqual([]);
  });

  it.each([
    ['metrics.auc > 0.9 or metrics.auc < 0.1', /OR is not supported/],
    ["metrics.auc = 'high'", /metrics compare with numbers/],
    ['models.auc > 1', /expected metrics\., params\., tags\. or attributes\./],
    ['metrics auc > 1', /expected "\." after metrics/],
    ['metrics.auc ~ 1', /unexpected "~"/],
    ["tags.x = 'open", /unterminated ' quote/],
    ["attributes.colour = 'red'", /unknown attribute "colour"/],
    ['attributes.status = 1', /compares with a quoted string/],
    ["attributes.duration_ms > '3'", /compares with a number/],
    ["attributes.kind = 'train'", /attributes\.kind is one of run, trial, sweep; not "train"/],
    ["attributes.status IN ('succeeded', 'done')", /not "done"/],
    ["params.lr > 'a'", /> compares numbers/],
    ['params.lr LIKE 3', /LIKE needs a quoted string/],
    ['metrics.auc >', /expected a value at the end/],
    ["attributes.status IN ('a' 'b')", /expected , or \)/],
    ['metrics.auc > 1 metrics.x < 2', /expected AND at character 17/],
  ])('refuses %s', (filter, message) => {
    expect(() => parseRunFilter(filter)).toThrow(FilterSyntaxError);
    expect(() => parseRunFilter(filter)).toThrow(message);
  });
});
