/**
 * The OidcClient port over openid-client: the authorisation code flow with PKCE (S256), state and nonce; the ID token
 * checked by openid-client (issuer, audience, expiry, nonce, and its signature against the provider's published keys;
 * the `iss` of the authorisation response against mix-up); the userinfo endpoint asked only for what the ID token
 * lacks, its subject checked against the ID token's.
 *
 * The provider's metadata is discovered on first use and kept; a failed discovery is tried again by the next login,
 * so that a provider down when the server starts does not need a restart once it is back.
 */
import * as client from 'openid-client';
import { ProvenaError } from '../domain/errors.ts';
import { claimValues, type OidcClient, type OidcIdentity, type OidcLoginAttempt } from '../domain/oidc.ts';

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This server's callback URL as registered at the provider. */
  redirectUrl: string;
  scopes: readonly string[];
  /** The claim (name or dotted path) holding the groups the role mapping reads. */
  groupsClaim: string;
}

/** Seconds a request to the provider may take. */
const providerTimeoutSeconds = 10;

export class OpenIdConnectClient implements OidcClient {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(private readonly settings: OidcClientSettings) {}

  async beginLogin(): Promise<{ url: string; attempt: OidcLoginAttempt }> {
    const configuration = await this.configuration();
    const attempt: OidcLoginAttempt = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes.join(' '),
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, attempt };
  }

  async completeLogin(callback: URLSearchParams, attempt: OidcLoginAttempt): Promise<OidcIdentity> {
    const configuration = await this.configuration();
    // The URL the provider redirected to, as it knows it (behind a proxy the server's own view may differ): the code
    // exchange names it as the redirect_uri.
    const callbackUrl = new URL(this.settings.redirectUrl);
    callbackUrl.search = callback.toString();
    const tokens = await client
      .authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: attempt.codeVerifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      })
      .catch((error: unknown) => {
        throw this.refusal(error);
      });
    const idToken = tokens.claims();
    if (!idToken) throw this.refusal(new Error('the provider answered without an ID token'));
    let claims: Record<string, unknown> = { ...idToken };
    const userinfoEndpoint = configuration.serverMetadata().userinfo_endpoint;
    if (this.lacksClaims(claims) && tokens.access_token && userinfoEndpoint) {
      const userinfo = await client
        .fetchUserInfo(configuration, tokens.access_token, idToken.sub)
        .catch((error: unknown) => {
          throw this.refusal(error);
        });
      // The signed ID token has the last word; userinfo only fills in what it left out.
      claims = { ...userinfo, ...claims };
    }
    return this.identityOf(claims, idToken.iss);
  }

  /** Whether the ID token leaves out a claim sign-in uses (providers often keep e-mail and groups for userinfo). */
  private lacksClaims(claims: Record<string, unknown>): boolean {
    return (
      claims.email === undefined ||
      claims.preferred_username === undefined ||
      claimValues(claims, this.settings.groupsClaim).length === 0
    );
  }

  private identityOf(claims: Record<string, unknown>, issuer: string): OidcIdentity {
    const text = (name: string) => {
      const value = claims[name];
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    const email = text('email');
    const preferredUsername = text('preferred_username');
    const name = text('name');
    return {
      issuer,
      subject: String(claims.sub),
      ...(email !== undefined ? { email } : {}),
      // Some providers send the flag as a string.
      emailVerified: claims.email_verified === true || claims.email_verified === 'true',
      ...(preferredUsername !== undefined ? { preferredUsername } : {}),
      ...(name !== undefined ? { name } : {}),
      groups: claimValues(claims, this.settings.groupsClaim),
    };
  }

  private configuration(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    // Plain HTTP is allowed by the configuration only for a provider on this machine (config/oidc-settings.ts).
    const insecure = new URL(issuer).protocol === 'http:';
    // The ID token's signature is checked against the provider's published keys too, although the token came straight
    // from the provider: TLS alone would vouch for it only up to whatever terminates TLS on the way (a proxy that
    // inspects traffic), and the token decides who signs in and with which groups.
    const execute = [client.enableNonRepudiationChecks, ...(insecure ? [client.allowInsecureRequests] : [])];
    return (this.discovered ??= client
      .discovery(new URL(issuer), clientId, { client_secret: clientSecret }, client.ClientSecretBasic(clientSecret), {
        timeout: providerTimeoutSeconds,
        execute,
      })
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw unreachable(issuer, error);
      }));
  }

  /** What went wrong with a login, in words the person signing in (and their admin) can act on. */
  private refusal(error: unknown): ProvenaError {
    if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) {
      const description = error.error_description;
      const during = error instanceof client.AuthorizationResponseError ? 'the sign-in' : 'the code exchange';
      const hint =
        error.error === 'invalid_grant'
          ? ' The code was used already, has expired, or was not issued for this login: start again.'
          : '';
      return new ProvenaError(
        'OIDC_SIGN_IN_FAILED',
        `The OpenID provider refused ${during}: ${error.error}${description ? ` (${description})` : ''}.${hint}`,
        { providerError: error.error, ...(description ? { providerDescription: description } : {}) },
        { cause: error },
      );
    }
    if (isUnreachable(error)) return unreachable(this.settings.issuer, error);
    const why = [error instanceof Error ? error.message : String(error), causeMessage(error)]
      .filter(Boolean)
      .join(': ');
    return new ProvenaError(
      'OIDC_SIGN_IN_FAILED',
      `The OpenID provider's answer did not verify (${why}): start again; if it keeps failing, the provider or this server's settings are wrong.`,
      // openid-client wraps what failed (a signature, a claim) in a general "invalid response": the inner code says which.
      { reason: codeOf(causeOf(error)) ?? codeOf(error) ?? 'invalid-response', problem: why },
      { cause: error },
    );
  }
}

const causeOf = (error: unknown): unknown => (error as { cause?: unknown } | undefined)?.cause;
const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};
const causeMessage = (error: unknown): string | undefined => {
  const cause = causeOf(error);
  return cause instanceof Error ? cause.message : undefined;
};

/** A network failure or timeout, as fetch reports them. */
const isUnreachable = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'TimeoutError' ||
    error.name === 'AbortError' ||
    (error instanceof TypeError && error.message === 'fetch failed'));

function unreachable(issuer: string, error: unknown): ProvenaError {
  if (!isUnreachable(error) && error instanceof Error)
    // Reached, but not an OpenID provider we can use (no discovery document, another issuer in it…): a setting.
    return new ProvenaError(
      'OIDC_SIGN_IN_FAILED',
      `The OpenID provider at ${issuer} could not be used (${[error.message, causeMessage(error)].filter(Boolean).join(': ')}): check PROVENA_OIDC_ISSUER.`,
      { reason: 'discovery-failed' },
      { cause: error },
    );
  return new ProvenaError(
    'TRANSIENT_FAILURE',
    `The OpenID provider at ${issuer} could not be reached (${causeMessage(error) ?? (error as Error).message}): try again shortly.`,
    { issuer },
    { cause: error },
  );
}
