/** The username/password form (the page and the session-expired dialog), plus single sign-on when offered. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client.ts';
import { ErrorMessage } from '../ui/ErrorMessage.tsx';
import { authStatusQuery, sessionQuery } from './session.ts';

export function SignInForm({ onSignedIn, username: knownUser }: { onSignedIn: () => void; username?: string }) {
  const queryClient = useQueryClient();
  const id = useId();
  const [username, setUsername] = useState(knownUser ?? '');
  const [password, setPassword] = useState('');
  const status = useQuery(authStatusQuery);
  const signIn = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/login', { body: { username, password } })),
    onSuccess: async () => {
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
      onSignedIn();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  return (
    <form onSubmit={submit} className="stack" aria-label="Sign in">
      <div className="field">
        <label htmlFor={`${id}-user`}>Username</label>
        <input
          id={`${id}-user`}
          name="username"
          autoComplete="username"
          required
          value={username}
          readOnly={knownUser !== undefined}
          onChange={(e) => setUsername(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {signIn.error && <ErrorMessage error={signIn.error} />}
      <button type="submit" className="primary" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
      {status.data?.singleSignOn && (
        // A full navigation: the provider's pages, then the server's callback that sets the cookie.
        <a className="button" href="/api/v1/auth/oidc/login">
          Sign in with single sign-on
        </a>
      )}
    </form>
  );
}
