import { BERTH, createBerth, ValidationError } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { SessionManager } from '../manager/index.js';
import { SESSION_MANAGER, sessionManagerModule } from './session-manager-module.js';

describe(sessionManagerModule.name, () => {
  it('binds a singleton SessionManager on the bound driver to BERTH.SessionManager', async () => {
    const driver = new MockDriver({ images: ['berth/runtime:bookworm'] });
    const berth = createBerth({ driver });
    berth.container.load(sessionManagerModule({ maxSessions: 3 }));
    const manager = berth.container.get(SESSION_MANAGER);
    expect(manager).toBeInstanceOf(SessionManager);
    expect(berth.container.get(BERTH.SessionManager)).toBe(manager);
    expect(manager.options.maxSessions).toBe(3);
    expect(manager.driver).toBe(berth.container.get(BERTH.ContainerDriver));
    await manager.dispose();
    await berth.dispose();
  });

  it('throws ValidationError for bad options', () => {
    expect(() => sessionManagerModule({ maxSessions: 0 })).toThrow(ValidationError);
  });
});
