/** The browser tests' seeding helpers against a real server: an upload is made and its enrichment finishes. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith } from '../../test/requirements.ts';
import { completeFields, drawImage, enrichmentsSettled, upload } from './support/seed.ts';
import { startServer, type RunningServer } from './support/server.ts';

describeWith('fonts', 'seeding the browser tests through the API', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ withAdmin: true });
  });
  afterAll(() => server?.stop());

  it('uploads drawn images (an incomplete one refused) and waits for their enrichment', async () => {
    const made = await upload(server, await drawImage({ text: 'SUMMER SALE' }), 'sale.png');
    expect(made.status).toBe('created');
    await expect(upload(server, await drawImage({ seed: 2 }), 'bare.png', { title: 'bare' })).rejects.toThrow(
      /INTAKE_INCOMPLETE/,
    );
    await enrichmentsSettled(server);
    const enrichments = await server.api<Record<string, unknown>>('GET', `/api/v1/assets/${made.asset.id}/enrichments`);
    expect(JSON.stringify(enrichments)).toContain('palette');
    expect(completeFields.team).toBe('default');
  });
});
