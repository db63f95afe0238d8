/** The admin area's sections and the permission each needs (the layout's navigation and /admin's first section). */
import type { Permission } from '../../auth/session.ts';

export interface AdminSection {
  to: '/admin/users' | '/admin/teams' | '/admin/roles' | '/admin/policy' | '/admin/jobs';
  label: string;
  needs: Permission;
}

export const adminSections: AdminSection[] = [
  { to: '/admin/users', label: 'Users', needs: 'users:manage' },
  { to: '/admin/teams', label: 'Teams', needs: 'users:manage' },
  { to: '/admin/roles', label: 'Roles', needs: 'users:manage' },
  { to: '/admin/policy', label: 'Risk policy', needs: 'policy:edit' },
  { to: '/admin/jobs', label: 'Jobs', needs: 'jobs:manage' },
];
