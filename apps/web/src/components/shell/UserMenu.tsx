import { LogOut, UserCog } from 'lucide-react';
import { useNavigate } from 'react-router';
import { useLogout, useSession } from '../../api/session';
import { DropdownMenu, MenuItem, MenuSeparator } from '../ui/DropdownMenu';

function initialsOf(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}

export function UserMenu() {
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const user = session.data?.user;
  if (!user) return null;

  return (
    <DropdownMenu
      align="end"
      triggerLabel={`Account menu for ${user.name}`}
      trigger={
        <>
          <span
            aria-hidden
            className="flex size-7 items-center justify-center rounded-full bg-zinc-900 text-xs font-semibold text-white"
          >
            {initialsOf(user.name)}
          </span>
          <span className="hidden text-sm font-medium sm:inline">{user.name}</span>
        </>
      }
    >
      <>
        <div className="px-2 py-1.5">
          <p className="text-sm font-medium">{user.name}</p>
          <p className="truncate text-xs text-zinc-500">{user.email}</p>
        </div>
        <MenuSeparator />
        <MenuItem
          onSelect={() => {
            void navigate('/account');
          }}
        >
          <UserCog aria-hidden />
          Account settings
        </MenuItem>
        <MenuItem
          onSelect={() => {
            logout.mutate(undefined, { onSuccess: () => void navigate('/login') });
          }}
        >
          <LogOut aria-hidden />
          Sign out
        </MenuItem>
      </>
    </DropdownMenu>
  );
}
