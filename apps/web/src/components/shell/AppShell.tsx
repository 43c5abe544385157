import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { OrgSwitcher } from './OrgSwitcher';
import { SideNav } from './SideNav';
import { UserMenu } from './UserMenu';

export function BrandMark() {
  return (
    <span className="flex items-center gap-2 font-semibold tracking-tight">
      <span
        aria-hidden
        className="flex size-7 items-center justify-center rounded-md bg-zinc-900 text-xs font-bold text-white"
      >
        AI
      </span>
      AI Studio
    </span>
  );
}

/** Top bar (org switcher, user menu), side navigation of the current org, and the page. */
export function AppShell({ orgId, children }: { orgId: string | undefined; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white px-4">
        <Link
          to="/"
          className="rounded-md focus-visible:ring-2 focus-visible:ring-zinc-950 focus-visible:outline-none"
        >
          <BrandMark />
        </Link>
        <span aria-hidden className="text-zinc-300">
          /
        </span>
        <OrgSwitcher orgId={orgId} />
        <div className="flex-1" />
        <UserMenu />
      </header>
      <div className="border-b border-zinc-200 bg-zinc-100/60 md:hidden">
        <SideNav orgId={orgId} horizontal />
      </div>
      <div className="flex flex-1">
        <aside className="hidden w-56 shrink-0 border-r border-zinc-200 bg-zinc-100/60 md:block">
          <SideNav orgId={orgId} />
        </aside>
        <main id="main" className="min-w-0 flex-1 px-6 py-8 lg:px-10">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
