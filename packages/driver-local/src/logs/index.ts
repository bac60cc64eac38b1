export * from './log-file-reader.js';
export * from './log-record.js';
