export * from './cgroup-manager.js';
export * from './cgroup-mounts.js';
