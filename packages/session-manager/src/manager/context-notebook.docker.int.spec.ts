import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { runContextNotebookScenarios } from '../testing/context-notebook-scenarios.js';

const IMAGE = 'berth/runtime:bookworm';

await describeDocker('notebook contexts (Docker)', () => {
  runContextNotebookScenarios('docker', () => new DockerDriver(), { images: { default: IMAGE } });
});
