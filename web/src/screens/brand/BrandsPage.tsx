/** The brands: each with its newest guideline version and logos, and a form to create one (brand:manage). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { can, useSession } from '../../auth/session.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import { brandKeys, brandsQuery } from './brand-api.ts';

export default function BrandsPage() {
  const session = useSession();
  const brands = useQuery(brandsQuery);
  return (
    <section className="stack">
      <h1>Brands</h1>
      <p className="muted">
        Each brand’s guideline is the list of rules assets are checked against before review: palette, logo, words,
        prompt terms, people, channel formats and moderation.
      </p>
      <QueryBoundary query={brands} loading="Loading brands…">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">No brands yet.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Brands</caption>
              <thead>
                <tr>
                  <th scope="col">Brand</th>
                  <th scope="col">Guideline</th>
                  <th scope="col">Logos</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {items.map((brand) => (
                  <tr key={brand.id}>
                    <td>
                      <Link to="/brands/$brandId" params={{ brandId: brand.slug }}>
                        {brand.name}
                      </Link>
                    </td>
                    <td>{brand.latestVersion ? `version ${brand.latestVersion}` : 'none yet'}</td>
                    <td>{brand.logos.length}</td>
                    <td>
                      {brand.createdAt.slice(0, 10)} <span className="muted">by {brand.createdBy}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryBoundary>
      {can(session, 'brand:manage') && <CreateBrand />}
    </section>
  );
}

function CreateBrand() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/brands', { body: { name } })),
    onSuccess: async (brand) => {
      await queryClient.invalidateQueries({ queryKey: brandKeys.all });
      await navigate({ to: '/brands/$brandId', params: { brandId: brand.slug } });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-brand">
      <h2 id="new-brand">New brand</h2>
      <Field label="Brand name" name="name" value={name} onChange={setName} required error={create.error} />
      {create.error && <ErrorMessage error={create.error} />}
      <div>
        <button type="submit" className="primary" disabled={create.isPending}>
          Create brand
        </button>
      </div>
    </form>
  );
}
