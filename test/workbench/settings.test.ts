// The workbench's settings: a simple .env reader, and simulator vs real services decided by the credentials present.
import { parseDotEnv, readWorkbenchSettings } from '../../workbench/settings';

describe('parseDotEnv', () => {
  it('reads KEY=value lines, skipping comments and blanks, with optional export and quotes', () => {
    const text = ['# Aurora sandbox', '', 'export AURORA_API_KEY=sk_sand_abc', "AURORA_TENANT_ID='t-1'", 'HUBSPOT_ACCESS_TOKEN="pat-na1 x"', 'WORKBENCH_PORT=3100 # moved', 'not a line', 'EMPTY='].join('\r\n');
    expect(parseDotEnv(text)).toEqual({
      AURORA_API_KEY: 'sk_sand_abc',
      AURORA_TENANT_ID: 't-1',
      HUBSPOT_ACCESS_TOKEN: 'pat-na1 x',
      WORKBENCH_PORT: '3100',
      EMPTY: '',
    });
  });
});

describe('readWorkbenchSettings', () => {
  it('uses both simulators and the default ports when no credentials are set', () => {
    expect(readWorkbenchSettings({})).toMatchObject({
      aurora: { mode: 'simulator' },
      hubspot: { mode: 'simulator' },
      ports: { workbench: 3000, aurora: 3001, hubspot: 3002, functions: 3003 },
      pollMs: 2000,
    });
  });

  it('switches each service to the real one only when its credentials are complete', () => {
    expect(readWorkbenchSettings({ AURORA_API_KEY: 'sk_sand_x' }).aurora).toEqual({ mode: 'simulator' });
    expect(readWorkbenchSettings({ AURORA_API_KEY: 'sk_sand_x', AURORA_TENANT_ID: 't', AURORA_BASE_URL: 'https://a' }).aurora).toEqual({
      mode: 'remote',
      apiKey: 'sk_sand_x',
      tenantId: 't',
      baseUrl: 'https://a',
    });
    expect(readWorkbenchSettings({ HUBSPOT_ACCESS_TOKEN: 'pat', HUBSPOT_PORTAL_ID: '123' }).hubspot).toEqual({ mode: 'remote', accessToken: 'pat', baseUrl: undefined, portalId: 123 });
  });

  it('names the variable when a port is not a number', () => {
    expect(() => readWorkbenchSettings({ FUNCTIONS_PORT: 'abc' })).toThrow('FUNCTIONS_PORT=abc is not a port number (0-65535).');
    expect(() => readWorkbenchSettings({ WORKBENCH_PORT: '70000' })).toThrow('WORKBENCH_PORT=70000');
  });
});
