import type { ExecSpec } from '@berth/core';
import type { MockContainer } from '../container/mock-container.js';
import { normalizeImageRef } from '../images/normalize-image-ref.js';
import { readAll, toBytes } from '../shell/shell-io.js';
import type { CommandHook } from '../shell/shell-process.js';
import type { StatsGenerator } from '../stats/stats-generator.js';
import { type ExecHandler, type ExecMatcher, ExecScripts, matchesExec } from './exec-script.js';
import type { ImageBehaviour } from './image-behaviour.js';
import { runHandler } from './run-handler.js';

/**
 * What a test scripted: `onExec` handlers, per-image behaviour (`onImage`) and stats generators (`onStats`),
 * and the command hook that hands a process's commands to them.
 */
export class MockScripting {
  readonly #scripts = new ExecScripts();
  readonly #behaviours = new Map<string, ImageBehaviour>();
  readonly #statsGenerators: StatsGenerator[] = [];
  readonly #driverName: () => string;

  /**
   * @param driverName - the driver's name, read when a handler runs (it is the `driver` of the handler's container).
   */
  constructor(driverName: () => string) {
    this.#driverName = driverName;
  }

  /** Adds a handler for every container (the newest match wins); the returned function removes it. */
  onExec(matcher: ExecMatcher, handler: ExecHandler): () => void {
    return this.#scripts.add(matcher, handler);
  }

  /** Sets how containers of `image` behave (replacing an earlier behaviour of the image). */
  setImageBehaviour(image: string, behaviour: ImageBehaviour): void {
    this.#behaviours.set(normalizeImageRef(image), behaviour);
  }

  /** Adds a stats generator for every container; the returned function removes it. */
  onStats(generator: StatsGenerator): () => void {
    this.#statsGenerators.push(generator);
    return () => {
      const index = this.#statsGenerators.indexOf(generator);
      if (index >= 0) this.#statsGenerators.splice(index, 1);
    };
  }

  /** The behaviour of `image`, if one was set. */
  behaviour(image: string): ImageBehaviour | undefined {
    return this.#behaviours.get(normalizeImageRef(image));
  }

  /** Stats generators of containers of `image`, applied in order: the image's, then the driver-wide ones. */
  statsGenerators(image: string): StatsGenerator[] {
    const fromImage = this.behaviour(image)?.stats;
    return [...(fromImage === undefined ? [] : [fromImage]), ...this.#statsGenerators];
  }

  /** Scripted commands for processes in `c`: the image's handlers, then `onExec` ones. */
  hook(c: MockContainer, spec: ExecSpec): CommandHook {
    return (argv, io, context) => {
      const imageHandlers = this.behaviour(c.spec.image)?.exec ?? [];
      const fromImage = [...imageHandlers].reverse().find(([matcher]) => matchesExec(matcher, argv))?.[1];
      const handler = fromImage ?? this.#scripts.find(argv);
      if (handler === undefined) return undefined;
      return runHandler(handler, {
        container: c.toInstance(this.#driverName()),
        spec,
        argv: [...argv],
        stdin:
          spec.stdin === undefined
            ? ''
            : typeof spec.stdin === 'string'
              ? spec.stdin
              : new TextDecoder().decode(spec.stdin),
        readStdin: () => readAll(io.stdin),
        readStdinChunk: () => io.stdin.read(),
        writeStdout: (data) => io.stdout(toBytes(data)),
        writeStderr: (data) => io.stderr(toBytes(data)),
        signal: context.signal,
        env: context.env,
        cwd: context.cwd,
      });
    };
  }
}
