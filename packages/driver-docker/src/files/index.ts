export * from './docker-file-transfer.js';
export * from './tar-archive.js';
