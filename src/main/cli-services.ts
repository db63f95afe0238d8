/**
 * The services a CLI command runs on, and who it acts as: the local operator (decision 0016), or — given --as or
 * --token (PROVENA_TOKEN) — that user, authorised exactly as the API authorises them. Decided here, once, where the
 * services are opened, so that no command decides it for itself.
 */
import type { Config } from '../config/config.ts';
import type { RequestContext } from '../domain/access.ts';
import { ProvenaError } from '../domain/errors.ts';
import type { ActingAs } from '../cli/identity.commands.ts';
import type { CliServices } from '../cli/program.ts';
import type { IdentityService } from '../services/identity.service.ts';
import { createRuntime } from './runtime.ts';

/** Who a command acts as: the token's user with its scopes, the --as user with their roles, or the operator. */
export async function cliContext(
  identity: Pick<IdentityService, 'authenticateToken' | 'contextOf'>,
  actingAs: ActingAs,
  operator: RequestContext,
): Promise<RequestContext> {
  if (actingAs.as !== undefined && actingAs.token !== undefined)
    throw new ProvenaError(
      'VALIDATION_FAILED',
      '--as and --token (or PROVENA_TOKEN) name two people: give one of them, or neither to act as the local operator.',
    );
  if (actingAs.token !== undefined) return (await identity.authenticateToken(actingAs.token)).context;
  if (actingAs.as !== undefined) return identity.contextOf(actingAs.as);
  return operator;
}

/** The runtime with the context the command acts as; closed again when that context cannot be had. */
export async function openCliServices(
  config: Readonly<Config>,
  actingAs: ActingAs,
  operator: RequestContext,
): Promise<CliServices> {
  const runtime = await createRuntime(config);
  try {
    return { ...runtime, ctx: await cliContext(runtime.identity, actingAs, operator) };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
