/**
 * Requests a web page could make a browser send against the user's will are refused before any route runs.
 *
 * DNS rebinding: a page on attacker.example has its name resolve to this server's address and then talks to the API
 * from its own origin; the browser sends `Host: attacker.example`. So the server answers only to names it serves:
 * localhost and *.localhost, the configured host, PROVENA_ALLOWED_HOSTS — and IP addresses, which a rebinding page
 * cannot send (its Host is its name; a page at an IP address is that address's own origin). Ports are not compared:
 * the request reached this server whatever port the client used, and a port mapping (docker -p 80:8080) changes it.
 *
 * Cross-site requests: a page of another origin may post a form or a simple request here without reading the
 * answer, which is enough to change something. A state-changing request carrying a foreign Origin (or, without one,
 * a foreign Referer) is refused; the server's own origin and PROVENA_ALLOWED_ORIGINS pass. Clients that are not
 * browsers send neither header and are not affected.
 */
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProvenaError } from '../domain/errors.ts';

/** Config's settings of these names: the bound host, PROVENA_ALLOWED_HOSTS, PROVENA_ALLOWED_ORIGINS. */
export interface HostOriginSettings {
  host: string;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
}

const changing = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** "Example.com:8080" → "example.com", "[::1]:8080" → "::1"; a trailing dot (an absolute name) dropped. */
export function hostNameOf(host: string): string {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  return name.toLowerCase().replace(/\.$/, '');
}

/** Whether the server answers to this host name (see above). */
export function hostAllowed(name: string, settings: HostOriginSettings): boolean {
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === hostNameOf(settings.host)) return true;
  return (settings.allowedHosts ?? []).some((allowed) =>
    allowed.startsWith('*.') ? name.endsWith(allowed.slice(1)) : name === allowed,
  );
}

/** The origin a browser says the request comes from: Origin, else the origin of the Referer, else none. */
function claimedOrigin(request: FastifyRequest): string | undefined {
  const { origin, referer } = request.headers;
  if (origin !== undefined) return origin;
  if (referer === undefined) return undefined;
  return URL.canParse(referer) ? new URL(referer).origin : 'null';
}

/** The server's own origin as the client addressed it (behind a trusted proxy: as the proxy forwarded it). */
const ownOrigin = (request: FastifyRequest): string | undefined => {
  const own = `${request.protocol}://${request.host}`;
  return URL.canParse(own) ? new URL(own).origin : undefined;
};

export function guardHostAndOrigin(app: FastifyInstance, settings: HostOriginSettings): void {
  const allowedOrigins = new Set(settings.allowedOrigins ?? []);
  app.addHook('onRequest', (request, _reply, done) => {
    // No Host at all (HTTP/1.0) is no browser's request.
    const name = request.host ? hostNameOf(request.host) : '';
    if (name !== '' && !hostAllowed(name, settings)) {
      return done(
        new ProvenaError(
          'HOST_NOT_ALLOWED',
          `This server does not answer to the host name "${name}" (a guard against DNS rebinding); to serve it, add it to PROVENA_ALLOWED_HOSTS (--allowed-hosts).`,
          { host: name },
        ),
      );
    }
    if (!changing.has(request.method)) return done();
    const claimed = claimedOrigin(request);
    if (claimed === undefined) return done();
    const origin = URL.canParse(claimed) ? new URL(claimed).origin : 'null';
    const own = ownOrigin(request);
    if (origin !== 'null' && (origin === own || allowedOrigins.has(origin))) return done();
    done(
      new ProvenaError(
        'ORIGIN_NOT_ALLOWED',
        `A ${request.method} from a page of ${claimed} is refused: only the server's own origin${own ? ` (${own})` : ''} and PROVENA_ALLOWED_ORIGINS (--allowed-origins) may change anything.`,
        { origin: claimed, allowed: [...(own ? [own] : []), ...allowedOrigins] },
      ),
    );
  });
}
