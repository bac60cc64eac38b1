export { deriveProducerToken, PRODUCER_TOKEN_PREFIX, verifyScopedProducerToken } from './producer-token.js';
