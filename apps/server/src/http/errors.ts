/** A field-level problem, reported in the `errors[]` of a problem+json body. */
export interface FieldError {
  field: string;
  message: string;
}

/** Errors by cause; the one error handler maps each to its HTTP status and problem type. */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  abstract readonly title: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    detail: string,
    options?: { errors?: FieldError[]; headers?: Record<string, string> },
  ) {
    super(detail);
    this.errors = options?.errors;
    this.headers = options?.headers;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'validation_failed';
  readonly title = 'Invalid request';
  constructor(detail: string, errors?: FieldError[]) {
    super(detail, { errors });
  }
  /** One invalid field: the detail names it and says how to fix it. */
  static field(field: string, message: string): ValidationError {
    return new ValidationError(`${field}: ${message}`, [{ field, message }]);
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthorized';
  readonly title = 'Authentication required';
}

export class InvalidCredentialsError extends AppError {
  readonly status = 401;
  readonly code = 'invalid_credentials';
  readonly title = 'Invalid credentials';
  constructor() {
    super('The email or password is incorrect.');
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Forbidden';
}

export class CsrfError extends AppError {
  readonly status = 403;
  readonly code = 'csrf_token_invalid';
  readonly title = 'CSRF token missing or invalid';
  constructor() {
    super('Send the csrfToken from /api/v1/auth/me in the x-csrf-token header on every write.');
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
  readonly title = 'Not found';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
  readonly title = 'Conflict';
}

/** A well-formed request the current state cannot accept (expired token, last owner, …). */
export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly code = 'unprocessable';
  readonly title = 'Request cannot be applied';
  constructor(detail: string, errors?: FieldError[]) {
    super(detail, { errors });
  }
}

/** A part of a request is over its size limit (the whole upload: BlobTooLargeError). */
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  readonly title = 'Upload too large';
  static field(field: string, message: string): PayloadTooLargeError {
    return new PayloadTooLargeError(`${field}: ${message}`, { errors: [{ field, message }] });
  }
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = 'rate_limited';
  readonly title = 'Too many requests';
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail, {
      headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
}
