export { type PoolEntry, WarmPool, type WarmPoolDeps } from './warm-pool.js';
