import { ArrowLeft } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** The "← parent" link above a page's heading. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link
      to={to}
      className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900"
    >
      <ArrowLeft aria-hidden className="size-4" /> {children}
    </Link>
  );
}
