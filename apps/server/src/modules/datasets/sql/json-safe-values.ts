import {
  DuckDBDateValue,
  DuckDBDecimalType,
  DuckDBTypeId,
  arrayFromArrayValue,
  arrayFromListValue,
  booleanFromValue,
  bytesFromBlobValue,
  createDuckDBValueConverter,
  dateFromTimestampMillisecondsValue,
  dateFromTimestampNanosecondsValue,
  dateFromTimestampSecondsValue,
  dateFromTimestampTZValue,
  dateFromTimestampValue,
  doubleFromDecimalValue,
  fromVariantValue,
  nullConverter,
  numberFromValue,
  objectArrayFromMapValue,
  objectFromStructValue,
  objectFromUnionValue,
  stringFromValue,
  type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';

/** What a SQL result cell becomes in JSON. */
export type JsonSafe = JsonValue | null;
type JsonValue = boolean | number | string | JsonSafe[] | { [key: string]: JsonSafe };

type Converter = DuckDBValueConverter<JsonValue>;

// Doubles hold every decimal of up to 15 significant digits exactly; wider ones travel as text.
const EXACT_DECIMAL_DIGITS = 15;

const integer: Converter = (value) => {
  const n = value as bigint;
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(n)
    : n.toString();
};

const float: Converter = (value) => {
  const n = value as number;
  return Number.isFinite(n) ? n : null;
};

const decimal: Converter = (value, type) =>
  (type as DuckDBDecimalType).width <= EXACT_DECIMAL_DIGITS
    ? doubleFromDecimalValue(value)
    : stringFromValue(value);

/** ISO 8601 for instants JS can hold; DuckDB's own text for years past 9999 or before 0. */
function instant(toDate: (value: DuckDBValue) => Date): Converter {
  return (value) => {
    if (!(value as { isFinite: boolean }).isFinite) return infinity(value);
    try {
      return toDate(value).toISOString();
    } catch {
      return stringFromValue(value);
    }
  };
}

// DuckDB writes finite dates as ISO 8601 already (YYYY-MM-DD).
const date: Converter = (value) =>
  (value as DuckDBDateValue).isFinite ? stringFromValue(value) : infinity(value);

/** 'infinity' or '-infinity', the words DuckDB reads back, for an infinite date or timestamp. */
function infinity(value: DuckDBValue): string {
  const raw = value as {
    days?: number;
    micros?: bigint;
    seconds?: bigint;
    millis?: bigint;
    nanos?: bigint;
  };
  const n = raw.days ?? raw.micros ?? raw.seconds ?? raw.millis ?? raw.nanos ?? 0;
  return n > 0 ? 'infinity' : '-infinity';
}

const text: Converter = (value) => stringFromValue(value);
const base64: Converter = (value) => Buffer.from(bytesFromBlobValue(value)).toString('base64');
const unsupported: Converter = () => null;

const byTypeId: Record<DuckDBTypeId, Converter> = {
  [DuckDBTypeId.INVALID]: unsupported,
  [DuckDBTypeId.BOOLEAN]: booleanFromValue,
  [DuckDBTypeId.TINYINT]: numberFromValue,
  [DuckDBTypeId.SMALLINT]: numberFromValue,
  [DuckDBTypeId.INTEGER]: numberFromValue,
  [DuckDBTypeId.BIGINT]: integer,
  [DuckDBTypeId.UTINYINT]: numberFromValue,
  [DuckDBTypeId.USMALLINT]: numberFromValue,
  [DuckDBTypeId.UINTEGER]: numberFromValue,
  [DuckDBTypeId.UBIGINT]: integer,
  [DuckDBTypeId.FLOAT]: float,
  [DuckDBTypeId.DOUBLE]: float,
  [DuckDBTypeId.TIMESTAMP]: instant(dateFromTimestampValue),
  [DuckDBTypeId.DATE]: date,
  [DuckDBTypeId.TIME]: text,
  [DuckDBTypeId.INTERVAL]: text,
  [DuckDBTypeId.HUGEINT]: integer,
  [DuckDBTypeId.UHUGEINT]: integer,
  [DuckDBTypeId.VARCHAR]: text,
  [DuckDBTypeId.BLOB]: base64,
  [DuckDBTypeId.DECIMAL]: decimal,
  [DuckDBTypeId.TIMESTAMP_S]: instant(dateFromTimestampSecondsValue),
  [DuckDBTypeId.TIMESTAMP_MS]: instant(dateFromTimestampMillisecondsValue),
  [DuckDBTypeId.TIMESTAMP_NS]: instant(dateFromTimestampNanosecondsValue),
  [DuckDBTypeId.ENUM]: text,
  [DuckDBTypeId.LIST]: arrayFromListValue,
  [DuckDBTypeId.STRUCT]: objectFromStructValue,
  [DuckDBTypeId.MAP]: objectArrayFromMapValue as Converter,
  [DuckDBTypeId.ARRAY]: arrayFromArrayValue,
  [DuckDBTypeId.UUID]: text,
  [DuckDBTypeId.UNION]: objectFromUnionValue as Converter,
  [DuckDBTypeId.BIT]: text,
  [DuckDBTypeId.TIME_TZ]: text,
  [DuckDBTypeId.TIMESTAMP_TZ]: instant(dateFromTimestampTZValue),
  [DuckDBTypeId.ANY]: unsupported,
  [DuckDBTypeId.BIGNUM]: integer,
  [DuckDBTypeId.SQLNULL]: nullConverter,
  [DuckDBTypeId.STRING_LITERAL]: unsupported,
  [DuckDBTypeId.INTEGER_LITERAL]: unsupported,
  [DuckDBTypeId.TIME_NS]: text,
  [DuckDBTypeId.GEOMETRY]: text,
  [DuckDBTypeId.VARIANT]: fromVariantValue,
};

/**
 * DuckDB values as JSON carries them exactly: integers past 2^53 and wide decimals as strings,
 * instants as ISO 8601, blobs as base64, NaN and ±Infinity as null. Unlike the library's JS
 * converter it never throws on dates JS cannot hold ('infinity', year 300000).
 */
export const jsonSafeConverter: Converter = createDuckDBValueConverter(byTypeId);
