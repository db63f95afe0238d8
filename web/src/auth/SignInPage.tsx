import { useNavigate, useSearch } from '@tanstack/react-router';
import { SignInForm } from './SignInForm.tsx';

export default function SignInPage() {
  const { redirect } = useSearch({ from: '/sign-in' });
  const navigate = useNavigate();
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>Provena</h1>
        <p className="muted">Sign in to your asset library.</p>
        <SignInForm
          onSignedIn={() => {
            // Only a path of this site: the parameter comes from the URL, which anyone can write.
            const to = redirect?.startsWith('/') && !redirect.startsWith('//') ? redirect : '/';
            void navigate({ to, replace: true });
          }}
        />
      </div>
    </main>
  );
}
