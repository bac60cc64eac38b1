import { runDriverConformance } from '@berth/core/testing';
import { MockDriver } from './driver/mock-driver.js';

runDriverConformance('mock', () => new MockDriver({ seed: 1 }));
