import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseSerializerCompiler } from './response-serializer.js';

const compile = (schema: z.ZodType) =>
  responseSerializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' }) as (
    data: unknown,
  ) => string;

describe('responseSerializerCompiler', () => {
  it('writes only the properties the schema names', () => {
    const serialize = compile(z.object({ id: z.string(), name: z.string() }));
    expect(JSON.parse(serialize({ id: '1', name: 'a', passwordHash: 'secret' }))).toEqual({
      id: '1',
      name: 'a',
    });
  });

  it('serializes a frozen value once and a mutable value every time', () => {
    const serialize = compile(z.object({ n: z.number() }));
    const mutable = { n: 1 };
    expect(serialize(mutable)).toBe('{"n":1}');
    mutable.n = 2;
    expect(serialize(mutable)).toBe('{"n":2}');
    const frozen = Object.freeze({ n: 3 });
    expect(serialize(frozen)).toBe('{"n":3}');
    expect(serialize(frozen)).toBe(serialize(frozen));
  });

  it('writes nullable and optional fields', () => {
    const serialize = compile(z.object({ a: z.string().nullable(), b: z.string().optional() }));
    expect(JSON.parse(serialize({ a: null }))).toEqual({ a: null });
  });
});
