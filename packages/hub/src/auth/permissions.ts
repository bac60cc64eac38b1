import type { Role } from './roles.js';

/** `true` when the role may `publish` log and status lines (producer, operator). */
export function canPublish(role: Role | null): boolean {
  return role === 'producer' || role === 'operator';
}

/** `true` when the role may act on containers and sessions: stop, restart, remove, create, run code (operator). */
export function canOperate(role: Role | null): boolean {
  return role === 'operator';
}
