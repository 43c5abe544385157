import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from './ui/Table';

interface DataTableProps<T> {
  columns: ColumnDef<T, unknown>[];
  data: T[];
  getRowId: (row: T) => string;
  label: string;
}

/** A TanStack table rendered with the UI table parts; columns may set meta.className. */
export function DataTable<T>({ columns, data, getRowId, label }: DataTableProps<T>) {
  // eslint-disable-next-line react-hooks/incompatible-library -- the table instance is used only in this render
  const table = useReactTable({ columns, data, getRowId, getCoreRowModel: getCoreRowModel() });
  return (
    <Table aria-label={label}>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id} className="hover:bg-transparent">
            {group.headers.map((header) => (
              <TableHead key={header.id} className={classNameOf(header.column.columnDef.meta)}>
                {header.isPlaceholder
                  ? null
                  : flexRender(header.column.columnDef.header, header.getContext())}
              </TableHead>
            ))}
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {table.getRowModel().rows.map((row) => (
          <TableRow key={row.id}>
            {row.getVisibleCells().map((cell) => (
              <TableCell key={cell.id} className={classNameOf(cell.column.columnDef.meta)}>
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function classNameOf(meta: unknown): string | undefined {
  return (meta as { className?: string } | undefined)?.className;
}
