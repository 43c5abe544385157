import type { DatasetPreview } from '@aistudio/contracts';
import { useState } from 'react';
import { useDatasetPreview } from '../../api/datasets';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TableSkeleton } from '../../components/ui/Skeleton';
import { formatCount } from '../../format/numbers';
import { cellText } from './cell-value';

const ROW_HEIGHT = 32;
const VIEW_ROWS = 15;
/** Rows drawn beyond each edge of the view so a short scroll shows no blank. */
const OVERSCAN = 10;
const PAGE_ROWS = 200;
const COLUMN_WIDTH = 168;
const INDEX_WIDTH = 72;

/**
 * The version's rows in file order. Only the rows in view are in the DOM (fixed row height, so
 * row i sits at i × ROW_HEIGHT) and only the pages of PAGE_ROWS they fall in are fetched.
 */
export function PreviewGrid({ versionId, label }: { versionId: string; label: string }) {
  const [scrollTop, setScrollTop] = useState(0);
  const firstVisible = Math.floor(scrollTop / ROW_HEIGHT);
  const pageStart = (row: number) => Math.floor(row / PAGE_ROWS) * PAGE_ROWS;
  const top = useDatasetPreview(versionId, pageStart(firstVisible), PAGE_ROWS);
  const bottom = useDatasetPreview(versionId, pageStart(firstVisible + VIEW_ROWS), PAGE_ROWS);
  const pages = [top.data, bottom.data].filter((page): page is DatasetPreview => !!page);
  const shape = pages[0];

  if (!shape) {
    return top.isError ? <ProblemAlert error={top.error} /> : <TableSkeleton rows={6} />;
  }
  const total = shape.totalRows;
  const from = Math.max(0, firstVisible - OVERSCAN);
  const to = Math.min(total, firstVisible + VIEW_ROWS + OVERSCAN);
  const width = INDEX_WIDTH + shape.columns.length * COLUMN_WIDTH;
  const rowAt = (index: number) => {
    const page = pages.find((p) => index >= p.offset && index < p.offset + p.rows.length);
    return page?.rows[index - page.offset];
  };

  return (
    <div className="flex flex-col gap-2">
      <p className="text-xs text-zinc-500" role="status">
        {formatCount(total)} rows · {shape.columns.length} columns
        {(top.isFetching || bottom.isFetching) && ' · loading…'}
      </p>
      <div
        role="grid"
        aria-label={label}
        aria-rowcount={total + 1}
        aria-colcount={shape.columns.length + 1}
        tabIndex={0}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        className="relative overflow-auto rounded-md border border-zinc-200 bg-white text-xs focus-visible:ring-2 focus-visible:ring-zinc-950 focus-visible:outline-none"
        style={{ height: ROW_HEIGHT * (VIEW_ROWS + 1) + 2 }}
      >
        <div
          role="row"
          aria-rowindex={1}
          className="sticky top-0 z-10 flex border-b border-zinc-200 bg-zinc-50 font-medium"
          style={{ width, height: ROW_HEIGHT }}
        >
          <div
            role="columnheader"
            className="shrink-0 px-2 py-2 text-zinc-400"
            style={{ width: INDEX_WIDTH }}
          >
            #
          </div>
          {shape.columns.map((column, c) => (
            <div
              key={c}
              role="columnheader"
              title={`${column.name} (${column.type})`}
              className="shrink-0 truncate px-2 py-2"
              style={{ width: COLUMN_WIDTH }}
            >
              {column.name} <span className="font-normal text-zinc-400">{column.type}</span>
            </div>
          ))}
        </div>
        <div className="relative" style={{ width, height: total * ROW_HEIGHT }}>
          {Array.from({ length: Math.max(0, to - from) }, (_, k) => {
            const index = from + k;
            const row = rowAt(index);
            return (
              <div
                key={index}
                role="row"
                aria-rowindex={index + 2}
                className="absolute left-0 flex border-b border-zinc-100"
                style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT, width }}
              >
                <div
                  role="rowheader"
                  className="shrink-0 px-2 py-2 text-right text-zinc-400 tabular-nums"
                  style={{ width: INDEX_WIDTH }}
                >
                  {index + 1}
                </div>
                {shape.columns.map((_, c) => {
                  const value = row?.[c];
                  return (
                    <div
                      key={c}
                      role="gridcell"
                      className={
                        row && value === null
                          ? 'shrink-0 truncate px-2 py-2 text-zinc-400 italic'
                          : 'shrink-0 truncate px-2 py-2'
                      }
                      style={{ width: COLUMN_WIDTH }}
                    >
                      {row ? cellText(value) : '…'}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
