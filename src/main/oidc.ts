/**
 * Single sign-on wiring: the sign-in service over the openid-client adapter, and the key that seals login cookies —
 * only when an issuer is configured. The adapter (and openid-client) load with the first login, not with every
 * process that opens a runtime.
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.ts';
import { ProvenaError } from '../domain/errors.ts';
import type { OidcClient } from '../domain/oidc.ts';
import type { UnitOfWork } from '../domain/ports.ts';
import { oidcLoginKey } from '../http/auth/oidc-login-cookie.ts';
import type { OidcRouteDeps } from '../http/auth/oidc.routes.ts';
import { OidcSignInService } from '../services/oidc-sign-in.service.ts';

export interface SingleSignOn extends OidcRouteDeps {
  service: OidcSignInService;
}

/**
 * What makes the sign-on service over a store, or undefined when no issuer is configured (config/oidc-settings.ts
 * checked the rest). The secret file is read here, before anything is opened, so that a bad one stops the start.
 */
export function singleSignOnFor(
  config: Readonly<Config>,
): ((store: UnitOfWork<'identity' | 'audit' | 'catalog'>) => SingleSignOn) | undefined {
  const { oidcIssuer: issuer, oidcClientId: clientId, oidcRedirectUrl: redirectUrl } = config;
  if (issuer === undefined || clientId === undefined || redirectUrl === undefined) return undefined;
  const clientSecret = config.oidcClientSecret ?? readSecretFile(config.oidcClientSecretFile);
  return (store) => createSingleSignOn(config, store, { issuer, clientId, clientSecret, redirectUrl });
}

function createSingleSignOn(
  config: Readonly<Config>,
  store: UnitOfWork<'identity' | 'audit' | 'catalog'>,
  {
    issuer,
    clientId,
    clientSecret,
    redirectUrl,
  }: Record<'issuer' | 'clientId' | 'clientSecret' | 'redirectUrl', string>,
): SingleSignOn {
  let adapter: Promise<OidcClient> | undefined;
  const load = () =>
    (adapter ??= import('../auth/oidc-client.ts').then(
      ({ OpenIdConnectClient }) =>
        new OpenIdConnectClient({
          issuer,
          clientId,
          clientSecret,
          redirectUrl,
          scopes: config.oidcScopes,
          groupsClaim: config.oidcGroupsClaim,
        }),
    ));
  const client: OidcClient = {
    beginLogin: async () => (await load()).beginLogin(),
    completeLogin: async (...args) => (await load()).completeLogin(...args),
  };
  return {
    service: new OidcSignInService({
      store,
      client,
      settings: {
        ...(config.oidcRoleMapping ? { roleMapping: config.oidcRoleMapping } : {}),
        createUsers: config.oidcCreateUsers,
        linkBy: config.oidcLinkBy,
      },
    }),
    loginKey: oidcLoginKey(clientSecret),
  };
}

function readSecretFile(file: string | undefined): string {
  const problem = (why: string) =>
    new ProvenaError('CONFIG_INVALID', `Invalid configuration: PROVENA_OIDC_CLIENT_SECRET_FILE ${why}`, {
      problems: [{ field: 'PROVENA_OIDC_CLIENT_SECRET_FILE', problem: why }],
    });
  if (file === undefined) throw problem('is required without PROVENA_OIDC_CLIENT_SECRET');
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw problem(`"${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (secret === '') throw problem(`"${file}" is empty`);
  return secret;
}
