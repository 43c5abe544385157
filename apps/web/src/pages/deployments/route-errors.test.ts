import { describe, expect, it } from 'vitest';
import { routeErrorsByIndex } from './route-errors';

describe('route errors', () => {
  it('groups both spellings of a route field by index and keeps the others apart', () => {
    expect(
      routeErrorsByIndex({
        'routes[1].version': 'version 3 is pending',
        'routes.0.weight': 'too big',
        routes: 'weights must sum to 100, they sum to 90',
        name: 'is taken',
      }),
    ).toEqual({
      routes: { 1: 'version: version 3 is pending', 0: 'weight: too big' },
      rest: { routes: 'weights must sum to 100, they sum to 90', name: 'is taken' },
    });
  });
});
