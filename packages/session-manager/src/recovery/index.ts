export * from './apply-recovery.js';
export * from './plan-recovery.js';
export * from './recovery-report.js';
export * from './session-marker.js';
