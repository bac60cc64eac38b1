/**
 * `verifyScopedProducerToken` lives in `@berth/core` (one implementation with `deriveProducerToken`); re-exported
 * here so the hub's public export of it stays.
 */
export { verifyScopedProducerToken } from '@berth/core';
