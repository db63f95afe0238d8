import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../test/oidc-provider.ts';
import { OpenIdConnectClient } from './oidc-client.ts';

const settingsFor = (issuer: string) => ({
  issuer,
  clientId: 'provena',
  clientSecret: 'secret',
  redirectUrl: 'http://127.0.0.1:1/api/v1/auth/oidc/callback',
  scopes: ['openid'],
  groupsClaim: 'groups',
});

describe('the OpenID Connect client, when the provider is not there', () => {
  it('says the provider cannot be reached (a temporary failure), and tries again on the next login', async () => {
    const client = new OpenIdConnectClient(settingsFor(`http://127.0.0.1:${await freePort()}`));
    for (let attempt = 0; attempt < 2; attempt++)
      await expect(client.beginLogin()).rejects.toMatchObject({
        code: 'TRANSIENT_FAILURE',
        message: expect.stringContaining('could not be reached') as string,
      });
  });

  it('says a server that is no OpenID provider is a setting to check', async () => {
    const server = createServer((_request, response) => {
      response.statusCode = 404;
      response.end('not here');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = new OpenIdConnectClient(settingsFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
      await expect(client.beginLogin()).rejects.toMatchObject({
        code: 'OIDC_SIGN_IN_FAILED',
        details: { reason: 'discovery-failed' },
        message: expect.stringContaining('check PROVENA_OIDC_ISSUER') as string,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
