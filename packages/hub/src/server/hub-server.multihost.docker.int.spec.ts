/**
 * The docker-client seed's `hostId`, honoured across two real engines (the local dockerd and the test swarm's
 * second dockerd, read only): `getSystemInfo { hostId }` answers from that engine, a hub of several hosts asks for
 * `hostId` instead of guessing, and `watchEngineEvents` without one watches every host.
 */
import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type Docker from 'dockerode';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { HubServer } from './hub-server.js';

const SECOND = process.env['BERTH_SWARM2_SOCKET'] ?? '/run/berth-swarm2.sock';

type Frame = { type: string; hostId?: string; data: Record<string, unknown> };

await describeDocker(
  'HubServer on two Docker engines: hostId selects the engine',
  () => {
    let hub: HubServer;
    let engines: Record<string, Docker>;
    let ws: WebSocket;
    const inbox: Frame[] = [];
    const waiters: { match: (m: Frame) => boolean; resolve: (m: Frame) => void }[] = [];
    const next = (match: (m: Frame) => boolean): Promise<Frame> => {
      const i = inbox.findIndex(match);
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] as Frame);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    };

    beforeAll(async () => {
      const local = await DockerDriver.connect();
      const second = await DockerDriver.connect({ connection: { socketPath: SECOND } });
      engines = { local: local.docker, second: second.docker };
      hub = new HubServer({
        drivers: { local, second },
        config: { port: 0 },
        logger: pino({ level: 'silent' }),
        defaultMetrics: false,
        dashboardDir: false,
      });
      const { url } = await hub.start();
      ws = new WebSocket(url);
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw)) as Frame;
        const w = waiters.findIndex((x) => x.match(m));
        if (w >= 0) waiters.splice(w, 1)[0]?.resolve(m);
        else inbox.push(m);
      });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    }, 60_000);

    afterAll(async () => {
      ws?.terminate();
      await hub?.close();
    }, 60_000);

    it('answers getSystemInfo from the engine the hostId names', async () => {
      for (const hostId of ['local', 'second']) {
        const engine = await (engines[hostId] as Docker).info();
        ws.send(JSON.stringify({ type: 'getSystemInfo', hostId, include: ['info'] }));
        const m = await next((x) => x.type === 'systemInfo' && x.hostId === hostId);
        expect(m.data['info']).toMatchObject({ details: { dockerRootDir: engine.DockerRootDir } });
      }
      const roots = [(await engines['local']?.info())?.DockerRootDir, (await engines['second']?.info())?.DockerRootDir];
      expect(new Set(roots).size).toBe(2);
    }, 60_000);

    it('asks for hostId on a hub of several hosts, and watches every host without one', async () => {
      ws.send(JSON.stringify({ type: 'getSystemInfo' }));
      const err = await next((x) => x.type === 'error');
      expect(err.data).toMatchObject({ code: 'BERTH_VALIDATION' });
      expect(String(err.data['message'])).toContain('local, second');
      ws.send(JSON.stringify({ type: 'watchEngineEvents', types: ['volume'] }));
      expect(await next((x) => x.type === 'watching')).toMatchObject({ data: { hosts: ['local', 'second'] } });
    }, 30_000);
  },
  { socketPath: SECOND },
);
