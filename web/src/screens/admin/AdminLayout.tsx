/**
 * The admin area's frame: its sections, each shown to whoever holds its permission (users:manage for accounts, teams
 * and roles; policy:edit for the risk policy; jobs:manage for the job queue), and the section's page. A section the
 * session may not use says so instead of failing call by call.
 */
import { Link, Outlet, useMatches } from '@tanstack/react-router';
import { can, useSession } from '../../auth/session.ts';
import { adminSections } from './admin-sections.ts';
import styles from './Admin.module.css';

export default function AdminLayout() {
  const session = useSession();
  const matches = useMatches();
  const current = adminSections.find((s) => matches.some((m) => m.pathname === s.to));
  const allowed = adminSections.filter((s) => can(session, s.needs));
  return (
    <div className={styles.layout}>
      <nav aria-label="Admin" className={styles.sections}>
        <h1 className={styles.title}>Admin</h1>
        {allowed.length === 0 ? (
          <p className="muted">Your roles give you no admin section.</p>
        ) : (
          <ul>
            {allowed.map((section) => (
              <li key={section.to}>
                <Link to={section.to} activeProps={{ 'aria-current': 'page' }}>
                  {section.label}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </nav>
      <div className={styles.content}>
        {current && !can(session, current.needs) ? (
          <div role="alert" className="error-message">
            <strong>You may not use this section</strong>
            <p>
              {current.label} needs the permission <code>{current.needs}</code>, which none of your roles grants. An
              administrator can give you a role that does.
            </p>
          </div>
        ) : (
          <Outlet />
        )}
      </div>
    </div>
  );
}
