export * from './health-monitor.js';
