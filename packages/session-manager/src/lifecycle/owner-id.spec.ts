import { hostname } from 'node:os';
import { isOwnerGone, newOwnerId, parseOwnerId } from './owner-id.js';

describe('owner ids', () => {
  describe('newOwnerId', () => {
    it('embeds this host and pid', () => {
      expect(parseOwnerId(newOwnerId())).toEqual({ host: hostname(), pid: process.pid });
    });
  });

  describe('isOwnerGone', () => {
    it('is false for this very process', () => {
      expect(isOwnerGone(newOwnerId())).toBe(false);
    });

    it('is true for a pid of this host that is not alive', () => {
      expect(isOwnerGone(`${hostname()}:4242:abcd`, () => false)).toBe(true);
    });

    it('is false for another host or a free-form id', () => {
      expect(isOwnerGone('elsewhere:4242:abcd', () => false)).toBe(false);
      expect(isOwnerGone('my-service', () => false)).toBe(false);
    });
  });
});
