export {
  DeferredExecHandle,
  KILLED_BEFORE_START,
} from './deferred-exec-handle.js';
