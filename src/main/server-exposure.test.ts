import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { exposureWarning } from './server.ts';

describe('the start-up warning about exposure', () => {
  const warningFor = (env: Record<string, string>) => exposureWarning(loadConfig(env));

  it('says nothing on a loopback address', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'])
      expect({ host, warning: warningFor({ PROVENA_HOST: host }) }).toEqual({ host, warning: undefined });
  });

  it('warns on any other address without a trusted proxy, naming the settings to change', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'dam.example.com']) {
      const warning = warningFor({ PROVENA_HOST: host, PROVENA_PORT: '9000' });
      expect(warning).toContain(`${host}:9000`);
      expect(warning).toMatch(/TLS/);
      expect(warning).toContain('PROVENA_TRUST_PROXY');
      expect(warning).toContain('PROVENA_HOST');
    }
  });

  it('says nothing behind a configured trusted proxy', () => {
    expect(warningFor({ PROVENA_HOST: '0.0.0.0', PROVENA_TRUST_PROXY: '10.0.0.5' })).toBeUndefined();
  });
});
