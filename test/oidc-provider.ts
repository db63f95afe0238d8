/**
 * A real OpenID Connect provider for the single sign-on tests (oidc-provider, on 127.0.0.1 with a port of its own),
 * with one confidential client registered, the people it knows and their claims (groups included), and a login page
 * that a test answers in code: whoever `signInAs` names signs in and consents, or `refuseNextLogin` says no.
 *
 * The issuer is a small proxy in front of the provider, so that a test can play the man in the middle and alter the
 * ID token of the next token response. And `Browser`: a fetch with a cookie jar that follows redirects by hand.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The people the provider knows: subject → claims (email, email_verified, preferred_username, groups…). */
  readonly people: Map<string, Record<string, unknown>>;
  /** Who signs in on the provider's next login page. */
  signInAs(subject: string): void;
  /** The next login page answers access_denied with this description. */
  refuseNextLogin(description: string): void;
  /** The next token response's ID token is passed through `edit` on its way to the client. */
  tamperNextIdToken(edit: (idToken: string) => string): void;
  close(): Promise<void>;
}

export { freePort } from './free-port.ts';

const listening = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

const bodyOf = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

export async function startTestProvider(options: { redirectUri: string }): Promise<TestProvider> {
  const clientId = 'provena';
  const clientSecret = 'a-client-secret-for-tests-only-0123456789';
  const people = new Map<string, Record<string, unknown>>();
  let nextLogin: string | undefined;
  let nextRefusal: string | undefined;
  let tamper: ((idToken: string) => string) | undefined;

  const front = createServer();
  const back = createServer();
  const [frontPort, backPort] = await Promise.all([listening(front), listening(back)]);
  const issuer = `http://127.0.0.1:${frontPort}`;
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [options.redirectUri] }],
    findAccount: (_ctx: unknown, subject: string) =>
      people.has(subject)
        ? { accountId: subject, claims: () => ({ sub: subject, ...people.get(subject) }) }
        : undefined,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-provider-cookie-key'] },
    jwks: { keys: [{ ...signingKey, kid: 'test-key', alg: 'RS256', use: 'sig' }] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
  });
  // It makes its endpoint URLs from the host asked for: the proxy's, which it tells.
  provider.proxy = true;
  const providerCallback = provider.callback();

  // The provider itself, with its login page answered as the test says.
  back.on('request', (request, response) => {
    if (!request.url?.startsWith('/interaction/')) return providerCallback(request, response);
    void (async () => {
      const details = await provider.interactionDetails(request, response);
      const refusal = nextRefusal;
      const subject = nextLogin;
      nextRefusal = undefined;
      if (refusal !== undefined)
        return provider.interactionFinished(request, response, {
          error: 'access_denied',
          error_description: refusal,
        });
      if (subject === undefined) throw new Error('test provider: nobody to sign in (call signInAs first)');
      const grant = new provider.Grant({ accountId: subject, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      return provider.interactionFinished(
        request,
        response,
        { login: { accountId: subject }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });

  // The issuer's address: everything passed through, the token response's ID token altered when asked.
  front.on('request', (request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (value !== undefined && !['host', 'connection', 'content-length'].includes(name))
          headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      headers.set('x-forwarded-host', `127.0.0.1:${frontPort}`);
      headers.set('x-forwarded-proto', 'http');
      const upstream = await fetch(`http://127.0.0.1:${backPort}${request.url}`, {
        method: request.method,
        headers,
        redirect: 'manual',
        ...(body.length > 0 ? { body } : {}),
      });
      let answer = Buffer.from(await upstream.arrayBuffer());
      if (request.url === '/token' && upstream.ok && tamper) {
        const tokens = JSON.parse(answer.toString('utf8')) as { id_token: string };
        tokens.id_token = tamper(tokens.id_token);
        tamper = undefined;
        answer = Buffer.from(JSON.stringify(tokens));
      }
      const out: Record<string, string | string[]> = {};
      upstream.headers.forEach((value, name) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'set-cookie'].includes(name))
          out[name] = value;
      });
      const cookies = upstream.headers.getSetCookie();
      if (cookies.length > 0) out['set-cookie'] = cookies;
      response.writeHead(upstream.status, out);
      response.end(answer);
    })().catch((error: unknown) => {
      response.statusCode = 502;
      response.end(String(error));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    people,
    signInAs: (subject) => (nextLogin = subject),
    refuseNextLogin: (description) => (nextRefusal = description),
    tamperNextIdToken: (edit) => (tamper = edit),
    close: async () => {
      front.closeAllConnections();
      back.closeAllConnections();
      await Promise.all([front, back].map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

/** Rewrites a JWT's payload and keeps its signature: what a tampering man in the middle would send. */
export function withPayload(jwt: string, edit: (payload: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const changed = edit(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>);
  return [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.');
}

/** A browser, as far as redirects and cookies go: one jar for every host (cookies are not kept apart by port). */
export class Browser {
  readonly cookies = new Map<string, string>();

  /** One request; the cookies it sets are kept (and the ones it clears dropped). */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      const gone = attributes.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() <= Date.now()),
      );
      if (gone || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url` until one would lead where `stop` says (not requested), or a page answers. */
  async follow(url: string, stop: (next: URL) => boolean): Promise<{ url: URL; response?: Response }> {
    let next = new URL(url);
    for (let hops = 0; hops < 20; hops++) {
      if (stop(next)) return { url: next };
      const response = await this.request(next.href);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { url: next, response };
      next = new URL(location, next);
    }
    throw new Error(`too many redirects from ${url}`);
  }
}
