import { Badge, type BadgeVariant } from './ui/Badge';

const roleVariants: Record<string, BadgeVariant> = {
  owner: 'dark',
  admin: 'blue',
  editor: 'blue',
  member: 'default',
  viewer: 'default',
};

export function RoleBadge({ role }: { role: string }) {
  return <Badge variant={roleVariants[role] ?? 'default'}>{role}</Badge>;
}
