import { AppError, UnprocessableError, ValidationError } from '../../../http/errors.js';

/** A query stopped at the statement timeout; the connection was interrupted and closed. */
export class QueryTimeoutError extends AppError {
  readonly status = 422;
  readonly code = 'query_timeout';
  readonly title = 'Query timed out';
  constructor(timeoutMs: number) {
    const message = `ran longer than the ${formatSeconds(timeoutMs)} limit and was stopped; filter or aggregate earlier, or select fewer rows`;
    super(`query: ${message}`, { errors: [{ field: 'query', message }] });
  }
}

// DuckDB error classes caused by what the query says, as opposed to our files or the machine.
const QUERY_FAULTS =
  /^(Parser|Binder|Catalog|Conversion|Invalid Input|Out of Range|Permission|Not implemented|Syntax|Constraint|Dependency|Invalid type|Type Mismatch|Mismatch Type|Sequence) Error: /;

const MAX_MESSAGE_LENGTH = 1000;

/**
 * The user's fault in a DuckDB error as a 400 naming `query`, an exhausted memory limit as 422,
 * an interrupt as a timeout; anything else (a broken file of ours) is returned unchanged for a 500.
 * `hide` maps local file paths, which must not leak, to what the user calls them.
 */
export function translateQueryError(
  error: unknown,
  context: { timedOut: boolean; timeoutMs: number; hide?: ReadonlyMap<string, string> },
): unknown {
  if (error instanceof AppError) return error;
  const message = describeDuckDBError(error, context.hide);
  if (context.timedOut || message.startsWith('INTERRUPT Error')) {
    return new QueryTimeoutError(context.timeoutMs);
  }
  if (message.startsWith('Out of Memory Error')) {
    const reason =
      'needs more memory than the SQL limit allows; aggregate or filter before sorting or joining, or select fewer columns';
    return new UnprocessableError(`query: ${reason}`, [{ field: 'query', message: reason }]);
  }
  if (QUERY_FAULTS.test(message)) return ValidationError.field('query', message);
  return error;
}

/** DuckDB's message without the node wrapper's prefix or local paths, cut to a readable length. */
export function describeDuckDBError(
  error: unknown,
  hide: ReadonlyMap<string, string> = new Map(),
): string {
  let message = (error instanceof Error ? error.message : String(error))
    .replace(/^Failed to (extract statements|prepare statement|execute prepared statement): /, '')
    .trim();
  for (const [path, name] of hide) message = message.replaceAll(path, name);
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
