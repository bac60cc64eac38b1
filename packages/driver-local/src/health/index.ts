export { HealthLoops, type HealthLoopsHooks } from './health-loops.js';
