export { settleLimited } from './settle-limited.js';
