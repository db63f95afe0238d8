/**
 * The delivery gate at the HTTP edge (decision 0033). Every route that answers file bytes declares itself with
 * `config: deliveryRoute('original' | 'rendition' | 'share-link' | 'export')` and asks the DeliveryGate before it
 * opens any byte — `gateDelivery` below, or a service that asks the gate itself (share links, exports).
 * src/http/delivery-routes.test.ts walks every route of the built app and proves each byte route is refused for an
 * asset the usage check denies; a route that answers bytes without the marker or the gate fails it.
 *
 * A signed-in person's download names its channel and region in the query (`?channel=web&region=DE`); without a
 * channel it is for the organisation's own use (`internal`): library and review screens load their thumbnails and
 * previews that way.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorLabel } from '../domain/access.ts';
import { internalChannel, type DeliveryGate, type UsageDecision } from '../domain/usage.ts';

export type DeliveryVia = Parameters<DeliveryGate['authoriseDelivery']>[1]['via'];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers file bytes and asks the delivery gate first (deliveryRoute). */
    delivery?: DeliveryVia;
  }
}

/** The route config of a byte route: marks it for the route walk and the reader. */
export const deliveryRoute = (via: DeliveryVia): { delivery: DeliveryVia } => ({ delivery: via });

/** The query fields a gated download takes (added to its querystring schema). */
export const deliveryQueryFields = {
  channel: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 40,
      description: `The channel the file is for (one of the organisation's, GET /api/v1/channels); default ${internalChannel}`,
    }),
  ),
  region: Type.Optional(
    Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2 code of where it will be used' }),
  ),
};

/**
 * Asks the gate for a signed-in caller's download of one version; throws USAGE_DENIED (audited by the gate) when the
 * usage check denies it. Call it after the service found the version the caller may read and before opening bytes.
 */
export async function gateDelivery(
  gate: DeliveryGate,
  request: FastifyRequest,
  use: { assetId: string; version: number },
  via: DeliveryVia,
): Promise<UsageDecision> {
  const query = (request.query ?? {}) as { channel?: string; region?: string };
  return gate.authoriseDelivery(
    {
      assetId: use.assetId,
      version: use.version,
      channel: query.channel ?? internalChannel,
      ...(query.region !== undefined ? { region: query.region } : {}),
    },
    { via, by: actorLabel(request.context.actor) },
  );
}
