import { PRODUCER_ERROR_CODE, toProducerEvent } from './producer-event.js';

describe(toProducerEvent.name, () => {
  describe('when given the seed log', () => {
    it('keeps the level and sends error and fatal to stderr', () => {
      expect(toProducerEvent({ type: 'log', containerID: 'c', data: { level: 'warn', message: 'm' } })).toEqual({
        address: { containerID: 'c' },
        payload: { kind: 'log', stream: 'stdout', text: 'm', level: 'warn' },
      });
      expect(
        toProducerEvent({ type: 'log', containerID: 'c', data: { level: 'fatal', message: 'm' } }).payload,
      ).toEqual({ kind: 'log', stream: 'stderr', text: 'm', level: 'fatal' });
    });
    it('takes the line time from timestamp', () => {
      const event = toProducerEvent({
        type: 'log',
        sessionId: 's',
        timestamp: '2024-01-01T00:00:00Z',
        data: { message: 'm' },
      });
      expect(event.payload).toMatchObject({ level: 'info', timestamp: new Date('2024-01-01T00:00:00Z') });
    });
  });
  describe('when given Berth publish', () => {
    it('derives the level from the stream', () => {
      expect(
        toProducerEvent({ type: 'publish', containerID: 'c', data: { kind: 'log', stream: 'stderr', text: 't' } })
          .payload,
      ).toEqual({ kind: 'log', stream: 'stderr', text: 't', level: 'error' });
    });
  });
  describe('when given the seed status, complete and error', () => {
    it('reads status as state', () => {
      expect(
        toProducerEvent({ type: 'status', containerID: 'c', data: { status: 'completed', message: 'done' } }).payload,
      ).toEqual({ kind: 'status', state: 'completed', message: 'done' });
    });
    it('passes complete data through', () => {
      expect(toProducerEvent({ type: 'complete', containerID: 'c', data: { exitCode: 1 } }).payload).toEqual({
        kind: 'complete',
        data: { exitCode: 1 },
      });
    });
    it('gives an error without code the producer code', () => {
      expect(toProducerEvent({ type: 'error', containerID: 'c', data: { message: 'x', step: 3 } }).payload).toEqual({
        kind: 'error',
        code: PRODUCER_ERROR_CODE,
        message: 'x',
        details: { step: 3 },
      });
    });
  });
});
