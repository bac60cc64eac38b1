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
import { FrameInbox } from '../testing/frame-inbox.js';
import { HubServer } from './hub-server.js';

const SECOND = process.env['BERTH_SWARM2_SOCKET'] ?? '/run/berth-swarm2.sock';

type Frame = { type: string; hostId?: string; data: Record<string, unknown> };

await describeDocker(
  'HubServer on two Docker engines: hostId selects the engine',
  () => {
    let hub: HubServer;
    let engines: Record<string, Docker>;
    let inbox: FrameInbox<Frame>;
    const next = (match: (m: Frame) => boolean): Promise<Frame> => inbox.next(match);

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
      inbox = await FrameInbox.open<Frame>(url);
    }, 60_000);

    afterAll(async () => {
      inbox?.ws.terminate();
      await hub?.close();
    }, 60_000);

    it('answers getSystemInfo from the engine the hostId names', async () => {
      for (const hostId of ['local', 'second']) {
        const engine = await (engines[hostId] as Docker).info();
        inbox.send({ type: 'getSystemInfo', hostId, include: ['info'] });
        const m = await next((x) => x.type === 'systemInfo' && x.hostId === hostId);
        expect(m.data['info']).toMatchObject({ details: { dockerRootDir: engine.DockerRootDir } });
      }
      const roots = [(await engines['local']?.info())?.DockerRootDir, (await engines['second']?.info())?.DockerRootDir];
      expect(new Set(roots).size).toBe(2);
    }, 60_000);

    it('asks for hostId on a hub of several hosts, and watches every host without one', async () => {
      inbox.send({ type: 'getSystemInfo' });
      const err = await next((x) => x.type === 'error');
      expect(err.data).toMatchObject({ code: 'BERTH_VALIDATION' });
      expect(String(err.data['message'])).toContain('local, second');
      inbox.send({ type: 'watchEngineEvents', types: ['volume'] });
      expect(await next((x) => x.type === 'watching')).toMatchObject({ data: { hosts: ['local', 'second'] } });
    }, 30_000);
  },
  { socketPath: SECOND },
);
