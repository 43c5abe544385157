import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ValidationError } from '../../../http/errors.js';
import { describeDuckDBError } from './sql-errors.js';

/** What a query reads, as DuckDB's parser sees it, before anything is bound or run. */
export interface InspectedQuery {
  /** Table names the query reads (CTE names excluded), unquoted, in first-use order, deduplicated. */
  tables: string[];
}

/**
 * Table functions a query may call: generators only. Everything else (read_csv, read_parquet,
 * glob, read_text, query, duckdb_settings, …) reads files, URLs, other SQL or the instance's
 * own settings, none of which belongs to the project.
 */
const ALLOWED_TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest']);

/**
 * Checks with DuckDB's own parser that `query` is exactly one read-only SELECT (WITH, VALUES,
 * DESCRIBE and SUMMARIZE included) calling no table function but generators, and lists the
 * tables it reads. Throws a ValidationError naming `query` and saying why otherwise.
 */
export async function inspectQuery(query: string): Promise<InspectedQuery> {
  const parser = await openParser();
  try {
    const statement = await parseOneSelect(parser.connection, query);
    const tables = new Set<string>();
    collectTables(statement, new Set(), tables);
    return { tables: [...tables] };
  } finally {
    parser.connection.closeSync();
    parser.instance.closeSync();
  }
}

// Parsing needs no data and no files: an instance that can reach neither, locked as opened.
async function openParser() {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: '64MB',
    enable_external_access: 'false',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    lock_configuration: 'true',
  });
  return { instance, connection: await instance.connect() };
}

interface SerializedSql {
  error: boolean;
  statements?: unknown[];
}

/**
 * The statement's syntax tree. json_serialize_sql serialises SELECT statements only, so it doubles
 * as DuckDB's own verdict on whether the statement reads and does nothing else.
 */
async function parseOneSelect(connection: DuckDBConnection, query: string): Promise<unknown> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [query]);
  const serialized = JSON.parse(reader.getRows()[0]![0] as string) as SerializedSql;
  if (!serialized.error) {
    const statements = serialized.statements ?? [];
    if (statements.length === 0) throw refuse('holds no statement; send one SELECT');
    if (statements.length > 1) throw tooMany(statements.length);
    return statements[0];
  }
  // Not serialisable: a syntax error (which extractStatements reports with its line), or not a SELECT.
  let count: number;
  try {
    count = (await connection.extractStatements(query)).count;
  } catch (error) {
    throw refuse(describeDuckDBError(error));
  }
  if (count > 1) throw tooMany(count);
  const keyword = leadingKeyword(query);
  throw refuse(
    `only a read-only SELECT (or WITH … SELECT) can run here${keyword ? `, not ${keyword}` : ''}: ` +
      'SQL over datasets never writes, changes settings, loads extensions or reaches files',
  );
}

/**
 * Walks the syntax tree: collects the tables it reads (names a WITH clause defines are not
 * tables where they are in scope) and refuses what reaches past the project's datasets.
 */
function collectTables(value: unknown, ctes: ReadonlySet<string>, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectTables(item, ctes, found);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const node = value as Record<string, unknown>;
  let scope = ctes;
  if (node.type === 'RECURSIVE_CTE_NODE' && typeof node.cte_name === 'string') {
    scope = withName(scope, node.cte_name);
  }
  // Each common table expression sees the ones before it; the query after sees them all.
  for (const cte of cteDefinitions(node)) {
    collectTables(cte.value, scope, found);
    scope = withName(scope, cte.key);
  }
  if (node.type === 'BASE_TABLE') {
    const name = baseTableName(node);
    if (!scope.has(name.toLowerCase())) found.add(name);
    return;
  }
  if (node.type === 'TABLE_FUNCTION') assertAllowedTableFunction(node);
  // Settings name server paths (temp directory, the mounted files); they are not the project's data.
  if (node.class === 'FUNCTION' && String(node.function_name).toLowerCase() === 'current_setting') {
    throw refuse("current_setting() is not available: the server's settings are not a dataset");
  }
  if (node.type === 'SHOW_REF' && node.query === null) {
    throw refuse(
      "SHOW lists DuckDB's own catalog, not the project's datasets; list those with GET /api/v1/projects/{projectId}/datasets",
    );
  }
  for (const [key, child] of Object.entries(node)) {
    if (key !== 'cte_map') collectTables(child, scope, found);
  }
}

function cteDefinitions(node: Record<string, unknown>): { key: string; value: unknown }[] {
  const map = (node.cte_map as { map?: { key: string; value: unknown }[] } | undefined)?.map;
  return map ?? [];
}

function withName(scope: ReadonlySet<string>, name: string): ReadonlySet<string> {
  return new Set([...scope, name.toLowerCase()]);
}

/** A bare table name: a schema or catalog would reach past the datasets (information_schema, …). */
function baseTableName(node: Record<string, unknown>): string {
  const name = String(node.table_name);
  const qualifiers = [node.catalog_name, node.schema_name].filter(Boolean) as string[];
  if (qualifiers.length > 0) {
    throw refuse(
      `table ${[...qualifiers, name].join('.')} is out of reach: tables are the project's datasets, named without a schema or catalog`,
    );
  }
  return name;
}

function assertAllowedTableFunction(node: Record<string, unknown>): void {
  const fn = node.function as { function_name?: string; schema?: string; catalog?: string };
  const name = fn.function_name ?? '';
  if (!fn.catalog && !fn.schema && ALLOWED_TABLE_FUNCTIONS.has(name.toLowerCase())) return;
  const qualified = [fn.catalog, fn.schema, name].filter(Boolean).join('.');
  throw refuse(
    `table function ${qualified}() is not available: a query reads the project's datasets ` +
      `by name (e.g. SELECT * FROM "my-dataset"); only ${[...ALLOWED_TABLE_FUNCTIONS].join(', ')} may be called`,
  );
}

/** The statement's first word, for the message only: the decision is the parser's. */
function leadingKeyword(query: string): string | undefined {
  const withoutComments = query.replace(/\/\*[\s\S]*?\*\/|--[^\n]*/g, ' ');
  return /^\s*([A-Za-z]+)/.exec(withoutComments)?.[1]?.toUpperCase();
}

function tooMany(count: number): ValidationError {
  return refuse(`holds ${count} statements; send exactly one SELECT`);
}

function refuse(reason: string): ValidationError {
  return ValidationError.field('query', reason);
}
