import { ALL_ROLES, AuthenticatedUser, Role } from './access';

interface NavItem {
  label: string;
  href: string;
  roles: readonly Role[];
}

/** The main navigation; each entry shows only to the roles that may open it. */
const NAVIGATION: readonly NavItem[] = [
  { label: 'Dashboard', href: '/', roles: ALL_ROLES },
  { label: 'Learners', href: '/learners', roles: ALL_ROLES },
  { label: 'Invoices', href: '/invoices', roles: ALL_ROLES },
  { label: 'Settings', href: '/settings', roles: [Role.Owner] },
];

export function navigationFor(user: AuthenticatedUser | undefined, path: string) {
  if (!user) return [];
  return NAVIGATION.filter((item) => item.roles.includes(user.role)).map((item) => ({
    label: item.label,
    href: item.href,
    active: item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`),
  }));
}
