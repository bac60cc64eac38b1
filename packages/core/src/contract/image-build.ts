import type { OpOptions } from './operations.js';

/** A file of a build context given as content (the driver packs the tar archive). */
export interface BuildContextFile {
  /** Path inside the context, relative (`Dockerfile`, `app/main.py`); no `..`. */
  path: string;
  /** Content; strings are written as UTF-8. */
  content: Uint8Array | string;
  /** Unix permission bits. Default: `0o644`. */
  mode?: number;
}

/**
 * A build context: a tar archive (bytes, or a stream of bytes such as a Node `Readable`) holding the
 * Dockerfile and what it copies, or the files themselves (the driver packs them).
 */
export type BuildContext = Uint8Array | AsyncIterable<Uint8Array> | readonly BuildContextFile[];

/** What {@link ContainerDriver.buildImage} builds, and how. */
export interface BuildImageOptions extends OpOptions {
  /** The build context. */
  context: BuildContext;
  /** Tags (`name:tag`) to give the image. Default: none (the image is known by its id). */
  tags?: string[];
  /** Path of the Dockerfile inside the context. Default: `Dockerfile`. */
  dockerfile?: string;
  /** `ARG` values. */
  buildArgs?: Record<string, string>;
  /** Labels put on the image. */
  labels?: Record<string, string>;
  /** Build up to this stage of a multi-stage Dockerfile. */
  target?: string;
  /** Do not use the build cache. Default: `false`. */
  noCache?: boolean;
  /** Pull newer versions of `FROM` images. Default: `false` (local images are used as they are). */
  pull?: boolean;
  /** Called for every progress event, in order. */
  onProgress?: (progress: BuildProgress) => void;
}

/** One progress event of an image build. */
export interface BuildProgress {
  /**
   * `step` (a Dockerfile instruction starts, `Step 2/5 : RUN …`), `output` (a line the step printed),
   * `status` (an engine status line, e.g. of a pull of a `FROM` image).
   */
  kind: 'step' | 'output' | 'status';
  /** The text, without its trailing newline. */
  text: string;
  /** For `step`: the step number (1-based), when the engine says. */
  step?: number;
  /** For `step`: the number of steps, when the engine says. */
  totalSteps?: number;
}

/** The outcome of a successful {@link ContainerDriver.buildImage}. */
export interface BuildImageResult {
  /** Id of the built image (`sha256:…`). */
  imageId: string;
  /** The tags given to it. */
  tags: string[];
  /** Build output, one entry per line. */
  log: string[];
}
