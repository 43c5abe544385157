import type { InfiniteData } from '@tanstack/react-query';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Options shared by every cursor-paginated list: start without a cursor, follow nextCursor. */
export const cursorPaging = {
  initialPageParam: undefined as string | undefined,
  getNextPageParam: <T>(last: Page<T>) => last.nextCursor ?? undefined,
};

export function allItems<T>(data: InfiniteData<Page<T>> | undefined): T[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}
