export * from './owner-id.js';
export * from './remove-quietly.js';
export * from './session-reaper.js';
export * from './session-teardown.js';
export * from './wait-until-ready.js';
export * from './watch-owned-containers.js';
