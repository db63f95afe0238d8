/** /api/v1/auth/oidc: single sign-on through the configured OpenID Connect provider (browser redirects). */
import { Type } from 'typebox';

const redirect = (description: string) =>
  Type.Null({ description: `${description} (303 See Other, the Location header says where)` });

export const oidcLoginSchema = {
  tags: ['auth'],
  summary: 'Single sign-on: redirects the browser to the OpenID Connect provider',
  description:
    'Starts a login (authorisation code flow with PKCE, state and nonce), kept in a sealed HttpOnly cookie for ten ' +
    'minutes, and redirects to the provider. `returnTo` is where the browser goes once signed in: a path on this ' +
    'server only (anything else is replaced by `/`).',
  querystring: Type.Object(
    { returnTo: Type.Optional(Type.String({ maxLength: 2000, description: 'A path on this server, e.g. /assets' })) },
    { additionalProperties: false },
  ),
  response: {
    303: redirect('To the provider'),
    400: Type.Ref('ErrorBody'),
    503: Type.Ref('ErrorBody'),
  },
};

export const oidcCallbackSchema = {
  tags: ['auth'],
  summary: 'Single sign-on: where the provider sends the browser back; signs in and redirects to the return path',
  description:
    'Checks that the answer belongs to the login this browser started (state), exchanges the code, verifies the ID ' +
    'token and signs in (an account is linked, taken over or created as configured; memberships set from the ' +
    'mapped groups claim). Sets the HttpOnly session cookie and the `provena_csrf` cookie (readable by this ' +
    "site's pages: its value is the X-CSRF-Token every cookie-authenticated write sends), then redirects to the " +
    "return path. OIDC_SIGN_IN_FAILED (400) names the provider's error code, or what did not verify; " +
    'UNAUTHENTICATED (401) for a disabled account, or one that may not be created.',
  querystring: Type.Object(
    {
      code: Type.Optional(Type.String({ maxLength: 4096 })),
      state: Type.Optional(Type.String({ maxLength: 1024 })),
      iss: Type.Optional(Type.String({ maxLength: 2048 })),
      error: Type.Optional(Type.String({ maxLength: 256 })),
      error_description: Type.Optional(Type.String({ maxLength: 4096 })),
    },
    // Providers add their own parameters (session_state, scope…); the code exchange reads them all.
    { additionalProperties: true },
  ),
  response: {
    303: redirect('To the return path'),
    400: Type.Ref('ErrorBody'),
    401: Type.Ref('ErrorBody'),
    503: Type.Ref('ErrorBody'),
  },
};
