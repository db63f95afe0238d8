/** First run: the first admin, made with the one-time setup token `provena serve` printed in its log. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client.ts';
import { ErrorMessage } from '../ui/ErrorMessage.tsx';
import { Field } from '../ui/Field.tsx';
import { authStatusQuery, sessionQuery } from './session.ts';

export default function SetupPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({ setupToken: '', username: 'admin', displayName: '', password: '' });
  const setup = useMutation({
    mutationFn: async () => {
      await unwrap(api.POST('/api/v1/auth/setup', { body: form }));
      await unwrap(api.POST('/api/v1/auth/login', { body: { username: form.username, password: form.password } }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: authStatusQuery.queryKey });
      await queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
      await navigate({ to: '/', replace: true });
    },
  });
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate();
  };
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>Welcome to Provena</h1>
        <p className="muted">
          Create the first administrator. The setup token is in the server&rsquo;s log (or print a new one with{' '}
          <code>provena users setup-token</code>).
        </p>
        <form onSubmit={submit} className="stack" aria-label="Create the first administrator">
          <Field
            label="Setup token"
            name="setupToken"
            value={form.setupToken}
            onChange={set('setupToken')}
            required
            error={setup.error}
            autoComplete="off"
          />
          <Field
            label="Username"
            name="username"
            value={form.username}
            onChange={set('username')}
            required
            error={setup.error}
          />
          <Field
            label="Display name"
            name="displayName"
            value={form.displayName}
            onChange={set('displayName')}
            error={setup.error}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            value={form.password}
            onChange={set('password')}
            required
            hint="At least 12 characters."
            autoComplete="new-password"
            error={setup.error}
          />
          {setup.error && <ErrorMessage error={setup.error} />}
          <button type="submit" className="primary" disabled={setup.isPending}>
            {setup.isPending ? 'Creating…' : 'Create administrator'}
          </button>
        </form>
      </div>
    </main>
  );
}
