import { describe, expect, it } from 'vitest';
import {
  CreateApiKeyBody,
  LoginBody,
  PageQuery,
  RegisterBody,
  UpdateProjectBody,
} from '../index.js';

describe('contracts', () => {
  it('normalises emails to lower case', () => {
    expect(LoginBody.parse({ email: 'Ada@Example.COM', password: 'x' }).email).toBe(
      'ada@example.com',
    );
  });

  it('rejects unknown fields', () => {
    expect(
      RegisterBody.safeParse({
        email: 'a@example.com',
        password: 'long-enough-pw',
        name: 'A',
        admin: true,
      }).success,
    ).toBe(false);
  });

  it('requires at least one field to update a project', () => {
    expect(UpdateProjectBody.safeParse({}).success).toBe(false);
    expect(UpdateProjectBody.safeParse({ description: '' }).success).toBe(true);
  });

  it('defaults and bounds page sizes', () => {
    expect(PageQuery.parse({})).toEqual({ limit: 50 });
    expect(PageQuery.safeParse({ limit: '500' }).success).toBe(false);
  });

  it('accepts only known API key scopes', () => {
    expect(CreateApiKeyBody.safeParse({ name: 'k', scopes: ['read', 'root'] }).success).toBe(false);
  });
});
