// A sortable table (TanStack Table): each header is a button, and the column it sorts by says
// so to a screen reader with aria-sort. Suppressed ("c") and empty cells sort below every number.
import { Table, Text, UnstyledButton } from "@mantine/core";
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  type SortingFn,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useState } from "react";

/** Numbers first by value; "c" and empty (null) below them, so hidden cells gather at one end. */
export const countSort =
  <T,>(): SortingFn<T> =>
  (a, b, columnId) => {
    const rank = (v: unknown) => (typeof v === "number" ? v : -1);
    return rank(a.getValue(columnId)) - rank(b.getValue(columnId));
  };

export type SortableTableProps<T> = {
  data: T[];
  columns: ColumnDef<T>[];
  caption: string;
  testId: string;
  /** Columns shown right-aligned (numbers). */
  numeric: readonly string[];
};

export function SortableTable<T>({
  data,
  columns,
  caption,
  testId,
  numeric,
}: SortableTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="xs" data-testid={testId}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const right = numeric.includes(header.column.id);
                return (
                  <Table.Th
                    key={header.id}
                    scope="col"
                    ta={right ? "right" : undefined}
                    aria-sort={
                      sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"
                    }
                  >
                    <UnstyledButton
                      onClick={header.column.getToggleSortingHandler()}
                      fw={600}
                      fz="sm"
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <Text span aria-hidden c="dimmed" ml={4}>
                        {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                      </Text>
                    </UnstyledButton>
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id}>
              {row.getVisibleCells().map((c) => (
                <Table.Td key={c.id} ta={numeric.includes(c.column.id) ? "right" : undefined}>
                  {flexRender(c.column.columnDef.cell, c.getContext())}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
