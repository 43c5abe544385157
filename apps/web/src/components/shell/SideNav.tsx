import {
  FlaskConical,
  FolderKanban,
  Gauge,
  KeyRound,
  ScrollText,
  Settings,
  ShieldCheck,
  Users,
} from 'lucide-react';
import { NavLink } from 'react-router';
import { cn } from '../ui/class-names';

const sections = [
  { to: 'projects', label: 'Projects', icon: FolderKanban },
  { to: 'members', label: 'Members', icon: Users },
  { to: 'api-keys', label: 'API keys', icon: KeyRound },
  { to: 'audit', label: 'Audit log', icon: ScrollText },
  { to: 'usage', label: 'Usage', icon: Gauge },
  { to: 'reviews', label: 'Reviews', icon: ShieldCheck },
  { to: 'settings', label: 'Settings', icon: Settings },
] as const;

interface SideNavProps {
  orgId: string | undefined;
  /** A scrolling row under the top bar on narrow screens instead of the side column. */
  horizontal?: boolean;
}

export function SideNav({ orgId, horizontal = false }: SideNavProps) {
  return (
    <nav
      aria-label="Organization"
      className={cn('flex gap-0.5 p-3', horizontal ? 'flex-row overflow-x-auto py-2' : 'flex-col')}
    >
      {sections.map(({ to, label, icon: Icon }) =>
        orgId ? (
          <NavLink
            key={to}
            to={`/orgs/${orgId}/${to}`}
            className={({ isActive }) =>
              cn(
                'flex shrink-0 items-center gap-2.5 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-zinc-600 transition-colors hover:bg-zinc-200/60 hover:text-zinc-900 focus-visible:ring-2 focus-visible:ring-zinc-950 focus-visible:outline-none',
                isActive && 'bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200',
              )
            }
          >
            <Icon aria-hidden className="size-4" />
            {label}
          </NavLink>
        ) : (
          <span key={to} className="flex items-center gap-2.5 px-3 py-2 text-sm text-zinc-400">
            <Icon aria-hidden className="size-4" />
            {label}
          </span>
        ),
      )}
      {/* Not org-scoped: the playground trains in the browser and needs no organization. */}
      <NavLink
        to="/playground"
        className="flex shrink-0 items-center gap-2.5 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-zinc-600 transition-colors hover:bg-zinc-200/60 hover:text-zinc-900 focus-visible:ring-2 focus-visible:ring-zinc-950 focus-visible:outline-none"
      >
        <FlaskConical aria-hidden className="size-4" />
        Playground
      </NavLink>
    </nav>
  );
}
