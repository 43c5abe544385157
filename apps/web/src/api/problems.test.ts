import { ApiError } from '@aistudio/sdk';
import { describe, expect, it } from 'vitest';
import { fieldErrors, problemDetail, problemStatus } from './problems';

const validation = new ApiError({
  type: 'https://aistudio.dev/problems/validation-failed',
  title: 'Invalid request',
  status: 400,
  detail: 'body.password: is a commonly used password',
  code: 'validation_failed',
  requestId: 'r1',
  errors: [
    { field: 'body.password', message: 'is a commonly used password' },
    { field: 'body.email', message: 'must be an email address' },
    { field: 'body.email', message: 'second message is ignored' },
  ],
});

describe('problem helpers', () => {
  it('maps body.* field errors onto form field names, first message wins', () => {
    expect(fieldErrors(validation)).toEqual({
      password: 'is a commonly used password',
      email: 'must be an email address',
    });
  });

  it('shows the server detail and status of an ApiError', () => {
    expect(problemDetail(validation)).toBe('body.password: is a commonly used password');
    expect(problemStatus(validation)).toBe(400);
  });

  it('falls back to the message of other errors, with no fields', () => {
    expect(problemDetail(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(fieldErrors(new TypeError('x'))).toEqual({});
    expect(problemStatus('nope')).toBeNull();
  });
});
