import type { BuildProgress } from '@berth/core';
import { BuildProgressReader } from './build-progress.js';

describe(BuildProgressReader.name, () => {
  it('splits stream text into lines across messages, numbering steps', () => {
    const events: BuildProgress[] = [];
    const reader = new BuildProgressReader((p) => events.push(p));
    reader.read({ stream: 'Step 1/2 : FROM busybox\n ---> 0fa0' });
    reader.read({ stream: 'f6598328\nStep 2/2 : RUN echo hi\n' });
    reader.read({ stream: 'hi\n' });
    reader.read({ aux: { ID: 'sha256:abc' } });
    reader.read({ stream: 'Successfully built 0fa0' });
    reader.end();
    expect(events).toEqual([
      { kind: 'step', text: 'Step 1/2 : FROM busybox', step: 1, totalSteps: 2 },
      { kind: 'output', text: ' ---> 0fa0f6598328' },
      { kind: 'step', text: 'Step 2/2 : RUN echo hi', step: 2, totalSteps: 2 },
      { kind: 'output', text: 'hi' },
      { kind: 'output', text: 'Successfully built 0fa0' },
    ]);
    expect(reader.imageId).toBe('sha256:abc');
    expect(reader.log).toHaveLength(5);
  });

  it('keeps the engine error and reports pull status lines', () => {
    const events: BuildProgress[] = [];
    const reader = new BuildProgressReader((p) => events.push(p));
    reader.read({ status: 'Pulling fs layer', id: 'a1' });
    reader.read({ stream: 'partial line without newline' });
    reader.read({ errorDetail: { message: 'boom', code: 1 }, error: 'boom' });
    expect(events).toEqual([
      { kind: 'status', text: 'a1: Pulling fs layer' },
      { kind: 'output', text: 'partial line without newline' },
    ]);
    expect(reader.error).toBe('boom');
  });
});
