import { applyResilience, ValidationError } from '@berth/core';
import { Command } from 'commander';
import { driverConfigFromEnv, loadHubConfig } from '../../config/index.js';
import { seedStreamerClients } from '../../docker-streamer/seed-streamer-clients.js';
import { websocketEnv } from '../../docker-streamer/streamer-env.js';
import { hubDrivers } from '../../drivers/hub-drivers.js';
import { openBuiltinDriver } from '../../drivers/open-driver.js';
import { createLogger } from '../../logging/index.js';
import { HubServer } from '../../server/index.js';
import type { GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';

interface HubOptions {
  port?: string;
  host?: string;
  dockerHosts?: string;
}

/** `berth hub`: starts the hub (config from env, flags override), stops cleanly on SIGTERM/SIGINT. */
export function hubCommand(globals: () => GlobalOptions): Command {
  return new Command('hub')
    .description(
      'start the WebSocket hub and its web dashboard (config from env: PORT, HOST, AUTH_TOKEN, OPERATOR_TOKEN, ...)',
    )
    .option('-p, --port <port>', 'port to listen on (overrides PORT, default 8080)')
    .option('-H, --host <host>', 'address to bind (overrides HOST, default 127.0.0.1)')
    .option(
      '--docker-hosts <file>',
      'serve several Docker engines: a JSON file of hosts [{"id","url"|"address"+"port"|"connection"}] (overrides BERTH_DOCKER_HOSTS_FILE; needs --driver docker)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Docker (--driver docker): DOCKER_HOST, DOCKER_PORT, DOCKER_SECURE, DOCKER_TIMEOUT, STATS_INTERVAL, MAX_RETRIES,',
        'RETRY_DELAY; several engines from BERTH_DOCKER_HOSTS (JSON) or BERTH_DOCKER_HOSTS_FILE / --docker-hosts, e.g.',
        '  [{"id":"local","url":"unix:///var/run/docker.sock"},{"id":"host1","address":"192.168.1.10","port":2375}]',
        'Each host is served under its id (listContainers {"hostId":"host1"}); sessions are placed across them.',
        '',
        "The Docker client seed's WEBSOCKET_PORT is read as PORT (both set and different: exit 2). With --driver docker,",
        "the seed's own streamer protocol (its DockerWebSocketStreamer: connection greeting, subscribe {hostId,containerId}",
        '-> containerStats, listContainers -> containerList, subscribeEvents -> dockerEvent, getSystemInfo/Version/Usage)',
        'is served at WEBSOCKET_PATH (default /docker/stats), host ids as above, e.g.',
        '  npx wscat -c ws://127.0.0.1:8080/docker/stats   then {"type":"subscribe","hostId":"docker","containerId":"<id>"}',
        "and Berth's hub protocol at / (the dashboard's; with WEBSOCKET_PATH set, only there — 404 elsewhere; without,",
        "at every other path). The hub tokens apply to both: ?token=, Authorization: Bearer, or the seed's auth {token}.",
        'The bind stays 127.0.0.1 unless HOST says otherwise, and any other address needs AUTH_TOKEN.',
      ].join('\n'),
    )
    .action(async (options: HubOptions) => {
      const g = globals();
      const env: Record<string, string | undefined> = { ...process.env };
      const websocket = applyWebSocketEnv(env, options.port);
      if (options.port !== undefined) env.PORT = options.port;
      if (options.host !== undefined) env.HOST = options.host;
      if (g.driver !== undefined) env.BERTH_DRIVER = g.driver;
      if (g.home !== undefined) env.BERTH_HOME = g.home;
      if (options.dockerHosts !== undefined) {
        env.BERTH_DOCKER_HOSTS_FILE = options.dockerHosts;
        env.BERTH_DOCKER_HOSTS = undefined;
      }
      const { config, driver: kind, home } = loadHubConfig(env);
      const log = createLogger({ level: config.logLevel });
      const driverConfig = await driverConfigFromEnv(kind, env, home);
      const { driver } = await openBuiltinDriver(driverConfig, log);
      const { SessionManager } = await import('@berth/session-manager');
      const sessions = new SessionManager(driver);
      // a host pool is served host by host (the wire's hostId), each host guarded like the pool
      const drivers = hubDrivers(driver, kind, (host) => applyResilience(host, driverConfig.resilience));
      // the docker-client seed's streamer protocol, for its README's clients (Docker engines only)
      const seedStreamer =
        driverConfig.kind === 'docker'
          ? {
              clients: seedStreamerClients(driverConfig, kind),
              ...(websocket.path === undefined ? {} : { path: websocket.path }),
              ...(driverConfig.statsIntervalMs === undefined ? {} : { statsIntervalMs: driverConfig.statsIntervalMs }),
            }
          : undefined;
      const hub = new HubServer({
        config,
        drivers,
        sessions,
        logger: log,
        monitorContainers: config.monitorContainers,
        ...(websocket.path === undefined ? {} : { websocketPath: websocket.path }),
        ...(seedStreamer === undefined ? {} : { seedStreamer }),
      });
      const { url: base } = await hub.start();
      const streamerPath = hub.seedStreamerPath;
      const url = websocket.path === undefined || streamerPath !== undefined ? base : `${base}${websocket.path}`;
      const http = base.replace(/^ws:/, 'http:');
      const auth = config.authToken === undefined ? '' : ' -H "Authorization: Bearer $AUTH_TOKEN"';
      const firstHost = Object.keys(drivers)[0] ?? kind;
      process.stdout.write(
        [
          `berth hub listening on ${url} (driver: ${kind}; hosts: ${Object.keys(drivers).join(', ')})`,
          `  dashboard: ${http}/   (${dashboardNote(config)})`,
          `  connect:  npx wscat -c ${url}${auth}`,
          '            then send {"type":"listContainers"} or {"type":"subscribe","containerID":"<id>"}',
          ...(streamerPath === undefined
            ? []
            : [
                `  docker-client seed streamer: npx wscat -c ${base}${streamerPath}${auth}`,
                `            then send {"type":"listContainers","hostId":"${firstHost}"} or {"type":"subscribe","hostId":"${firstHost}","containerId":"<id>"}`,
              ]),
          `  health:   ${http}/healthz   ready: ${http}/readyz   metrics: ${http}/metrics`,
          `  isolation: ${driver.capabilities.isolation}${((h) => (h.healthy ? '' : ` — driver not usable: ${String(h.details?.['error'] ?? 'see /healthz')}`))(await driver.healthCheck())}`,
          '',
        ].join('\n'),
      );
      const stop = (signal: NodeJS.Signals): void => {
        log.info({ signal }, 'signal received');
        hub.close().then(
          () => process.exit(EXIT.ok),
          (err: unknown) => {
            log.error({ err }, 'shutdown failed');
            process.exit(EXIT.failure);
          },
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      await new Promise<never>(() => undefined);
    });
}

/**
 * Reads the Docker client seed's `WEBSOCKET_PORT` and `WEBSOCKET_PATH` for `berth hub`: `WEBSOCKET_PORT` becomes
 * `PORT` in `env` (unless `--port` is given); `PORT` and `WEBSOCKET_PORT` both set to different ports is an error.
 *
 * @param env - the environment `berth hub` reads (changed in place).
 * @param portFlag - `--port`, which overrides both.
 * @returns the endpoint path (`WEBSOCKET_PATH`), if set.
 * @throws ValidationError naming a bad or conflicting variable (exit 2).
 */
export function applyWebSocketEnv(
  env: Record<string, string | undefined>,
  portFlag: string | undefined,
): { path?: string } {
  const websocket = websocketEnv(env);
  if (websocket.port !== undefined && portFlag === undefined) {
    const port = env.PORT?.trim();
    if (port !== undefined && port !== '' && Number(port) !== websocket.port) {
      throw new ValidationError(
        [{ path: 'WEBSOCKET_PORT', message: `${websocket.port} conflicts with PORT=${port}; set one of them` }],
        {},
        'hub configuration',
      );
    }
    env.PORT = String(websocket.port);
  }
  return websocket.path === undefined ? {} : { path: websocket.path };
}

/** What the dashboard will ask for, in words (never the token itself). */
function dashboardNote(config: { authToken?: string; operatorToken?: string }): string {
  const login = config.authToken === undefined ? 'no token needed to read' : 'log in with AUTH_TOKEN to read';
  const act =
    config.operatorToken === undefined ? 'set OPERATOR_TOKEN to enable actions' : 'OPERATOR_TOKEN enables actions';
  return `${login}; ${act}`;
}
