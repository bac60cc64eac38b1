export * from './warm-pool.js';
