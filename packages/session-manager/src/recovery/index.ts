export * from './plan-recovery.js';
export * from './session-marker.js';
