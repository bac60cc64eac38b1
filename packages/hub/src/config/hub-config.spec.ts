import { InsecureBindError } from '../errors/index.js';
import { loadHubConfig } from './hub-config.js';
import { isLoopbackHost } from './is-loopback.js';

describe(loadHubConfig.name, () => {
  it('applies the defaults: 127.0.0.1:8080, local driver', () => {
    const { config, driver } = loadHubConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, maxSessions: 1000, heartbeatIntervalMs: 30_000 });
    expect(driver).toBe('local');
  });

  it('reads every variable', () => {
    const { config, driver } = loadHubConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      AUTH_TOKEN: 'a'.repeat(32),
      PRODUCER_TOKEN: 'b'.repeat(32),
      OPERATOR_TOKEN: 'c'.repeat(32),
      HEARTBEAT_INTERVAL: '1000',
      SESSION_TIMEOUT: '0',
      MAX_SESSIONS: '5',
      LOG_LEVEL: 'debug',
      BERTH_DRIVER: 'mock',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      sessionTimeoutMs: 0,
      maxSessions: 5,
      logLevel: 'debug',
      operatorToken: 'c'.repeat(32),
    });
    expect(driver).toBe('mock');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['MAX_SESSIONS', '0'],
    ['LOG_LEVEL', 'loud'],
    ['BERTH_DRIVER', 'k8s'],
    ['AUTH_TOKEN', 'short'],
    ['OPERATOR_TOKEN', 'short'],
    ['PORT', ' '],
    ['PORT', '1e3'],
    ['PORT', '0x10'],
    ['HEARTBEAT_INTERVAL', '1000.5'],
    ['SESSION_TIMEOUT', '-1'],
  ])('throws ValidationError naming %s for %p', (name, value) => {
    expect(() => loadHubConfig({ [name]: value })).toThrow(name);
  });

  it('reads the limits of issue 12 with their documented defaults', () => {
    expect(loadHubConfig({}).config).toMatchObject({
      ringBufferBytes: 4 * 1024 * 1024,
      maxPendingMessages: 4096,
      maxPendingBytes: 16 * 1024 * 1024,
      allowedOrigins: [],
    });
    const { config } = loadHubConfig({ RING_BUFFER_BYTES: '0', MAX_PENDING_MESSAGES: '8', MAX_PENDING_BYTES: '2048' });
    expect(config).toMatchObject({ ringBufferBytes: 0, maxPendingMessages: 8, maxPendingBytes: 2048 });
  });

  it('reads MONITOR_CONTAINERS as a switch (off by default), refusing other words', () => {
    expect(loadHubConfig({}).config.monitorContainers).toBe(false);
    expect(loadHubConfig({ MONITOR_CONTAINERS: '1' }).config.monitorContainers).toBe(true);
    expect(loadHubConfig({ MONITOR_CONTAINERS: 'true' }).config.monitorContainers).toBe(true);
    expect(loadHubConfig({ MONITOR_CONTAINERS: 'false' }).config.monitorContainers).toBe(false);
    expect(() => loadHubConfig({ MONITOR_CONTAINERS: 'yes' })).toThrow(/MONITOR_CONTAINERS/);
  });

  it('reads ALLOWED_ORIGINS as a comma-separated list of normalised origins', () => {
    const { config } = loadHubConfig({
      ALLOWED_ORIGINS: ' https://Dash.Example:443 , http://localhost:5173,,http://localhost:5173/ ',
    });
    expect(config.allowedOrigins).toEqual(['https://dash.example', 'http://localhost:5173']);
  });

  it.each([
    '*',
    'dash.example',
    'https://dash.example/app',
    'https://dash.example?x=1',
    'https://user@dash.example',
    'ftp://dash.example',
    'null',
    'http://ok.example,https://',
  ])('refuses ALLOWED_ORIGINS=%p naming the variable', (value) => {
    expect(() => loadHubConfig({ ALLOWED_ORIGINS: value })).toThrow(/ALLOWED_ORIGINS.*not an origin/);
  });

  it.each([
    ['MAX_PENDING_MESSAGES', '0'],
    ['MAX_PENDING_BYTES', '10'],
    ['RING_BUFFER_BYTES', '-1'],
  ])('throws ValidationError naming %s for %p', (name, value) => {
    expect(() => loadHubConfig({ [name]: value })).toThrow(name);
  });

  it('refuses a non-loopback HOST without AUTH_TOKEN', () => {
    expect(() => loadHubConfig({ HOST: '0.0.0.0' })).toThrow(InsecureBindError);
  });
});

describe(isLoopbackHost.name, () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])('accepts %s', (h) => {
    expect(isLoopbackHost(h)).toBe(true);
  });
  it.each(['0.0.0.0', '::', '10.0.0.1', 'example.com'])('rejects %s', (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});
