import { Building2, Check, ChevronsUpDown, Plus, User } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useOrgs } from '../../api/orgs';
import { DropdownMenu, MenuItem, MenuLabel, MenuSeparator } from '../ui/DropdownMenu';
import { Skeleton } from '../ui/Skeleton';
import { CreateOrgDialog } from './CreateOrgDialog';

export function OrgSwitcher({ orgId }: { orgId: string | undefined }) {
  const orgs = useOrgs();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  if (orgs.isPending) return <Skeleton className="h-8 w-44" />;
  const current = orgs.data?.find((org) => org.id === orgId);

  return (
    <>
      <DropdownMenu
        triggerLabel={`Organization: ${current?.name ?? 'choose one'}`}
        triggerClassName="max-w-64 font-medium"
        trigger={
          <>
            {current?.kind === 'personal' ? (
              <User aria-hidden className="size-4 text-zinc-500" />
            ) : (
              <Building2 aria-hidden className="size-4 text-zinc-500" />
            )}
            <span className="truncate">{current?.name ?? 'Choose organization'}</span>
            <ChevronsUpDown aria-hidden className="size-3.5 text-zinc-400" />
          </>
        }
      >
        <>
          <MenuLabel>Organizations</MenuLabel>
          {orgs.data?.map((org) => (
            <MenuItem
              key={org.id}
              onSelect={() => {
                void navigate(`/orgs/${org.id}/projects`);
              }}
            >
              {org.kind === 'personal' ? <User aria-hidden /> : <Building2 aria-hidden />}
              <span className="flex-1 truncate">{org.name}</span>
              {org.id === orgId && <Check aria-label="current" />}
            </MenuItem>
          ))}
          <MenuSeparator />
          <MenuItem
            onSelect={() => {
              setCreating(true);
            }}
          >
            <Plus aria-hidden />
            Create organization
          </MenuItem>
        </>
      </DropdownMenu>
      <CreateOrgDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
