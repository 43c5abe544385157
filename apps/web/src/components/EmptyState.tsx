import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
}: {
  icon: LucideIcon;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center gap-2 px-6 py-12 text-center">
      <div className="flex size-10 items-center justify-center rounded-full bg-zinc-100">
        <Icon aria-hidden className="size-5 text-zinc-500" />
      </div>
      <p className="font-medium">{title}</p>
      {children && <p className="max-w-sm text-sm text-zinc-500">{children}</p>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
