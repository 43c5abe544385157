import type { SchemaColumn } from '../../api/dataset-reports';
import { Badge } from '../../components/ui/Badge';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../components/ui/Table';

/** The inferred schema: logical type and role per column, the storage type, and why. */
export function SchemaTable({ columns }: { columns: SchemaColumn[] }) {
  return (
    <Table aria-label="Schema">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Column</TableHead>
          <TableHead>Type</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Stored as</TableHead>
          <TableHead>Why this type</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {columns.map((column) => (
          <TableRow key={column.name}>
            <TableCell className="font-medium">{column.name}</TableCell>
            <TableCell>
              <Badge>{column.type}</Badge>
            </TableCell>
            <TableCell>
              <Badge variant={column.role === 'target' ? 'blue' : 'default'}>{column.role}</Badge>
            </TableCell>
            <TableCell className="font-mono text-xs text-zinc-600">{column.storageType}</TableCell>
            <TableCell className="text-zinc-600">{column.reason}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
