/** The table formats an upload can be read as (content-sniffed, never taken from the name). */
export type SourceFormat = 'csv' | 'json' | 'jsonl' | 'parquet' | 'arrow';
