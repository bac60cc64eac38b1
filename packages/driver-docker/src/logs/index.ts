export * from './container-logs.js';
export * from './frame-demuxer.js';
export * from './log-line-assembler.js';
