/**
 * Every bound the validators enforce, in one place, so drivers, the hub and the docs use the same numbers.
 * Sizes in bytes are UTF-8 bytes. A value over a bound is refused with a `ValidationError` naming the field.
 *
 * Where Linux or Docker has a bound of its own, ours sits below it, so input that passes validation does not
 * fail later at `execve` (`E2BIG`) or `open` (`ENAMETOOLONG`) inside a driver.
 */

/**
 * Longest label key, in characters (keys are ASCII: `[a-zA-Z0-9._/-]`). 255 fits a reverse-DNS prefix
 * (a DNS name is at most 253) plus a short name, as Docker and OCI recommend for label keys.
 */
export const MAX_LABEL_KEY_LENGTH = 255;

/** Largest label value, in UTF-8 bytes (4 KiB). Labels are metadata for filtering, not storage. */
export const MAX_LABEL_VALUE_BYTES = 4096;

/**
 * Most labels in one map (a spec's `labels`, or a filter's). Docker sets no limit, but every label comes back
 * with every `listContainers` entry, so the map must stay small; 64 leaves Berth's own handful room beside a
 * caller's labels.
 */
export const MAX_LABELS = 64;

/**
 * Largest label map, in UTF-8 bytes of all keys and values together (16 KiB). With {@link MAX_LABELS} this
 * bounds what one container adds to a `listContainers` reply (the issue that set this: 100,000 labels made a
 * 33 MB reply).
 */
export const MAX_LABELS_BYTES = 16_384;

/**
 * Largest single argument or `NAME=value` environment entry, in UTF-8 bytes including its terminating NUL
 * (128 KiB): Linux's `MAX_ARG_STRLEN`; a longer one makes `execve` fail with `E2BIG`.
 */
export const MAX_ARG_STRING_BYTES = 131_072;

/** Most items in one argv (`command`, `entrypoint`, `healthcheck.command`, `ExecSpec.command`). */
export const MAX_ARGV_ITEMS = 4096;

/**
 * Largest argv (`command`, `entrypoint`, `healthcheck.command`, `ExecSpec.command`), in UTF-8 bytes of all its
 * items, each counted with its NUL (256 KiB). Entrypoint + command + env stay at 1 MiB, half of Linux's usual
 * `ARG_MAX` (2 MiB), leaving room for what a driver adds (a supervisor's own arguments, `PATH`, `HOME`).
 */
export const MAX_ARGV_BYTES = 262_144;

/** Most variables in one `env` map (`ContainerSpec.env`, `ExecSpec.env`). */
export const MAX_ENV_VARS = 1024;

/** Largest `env` map, in UTF-8 bytes of its `NAME=value` entries, each counted with its NUL (512 KiB). */
export const MAX_ENV_BYTES = 524_288;

/** Longest file or directory path (`putFiles` paths, `workingDir`, volume targets, bind sources), in UTF-8 bytes: Linux `PATH_MAX` less its NUL. */
export const MAX_PATH_BYTES = 4095;

/** Longest single component of a path, in UTF-8 bytes: Linux `NAME_MAX`. */
export const MAX_PATH_COMPONENT_BYTES = 255;

/** Most entries in one `putFiles` call. */
export const MAX_FILE_ENTRIES = 4096;

/** Largest content of one `putFiles` entry, in bytes (64 MiB; a string is counted in UTF-8 bytes). */
export const MAX_FILE_CONTENT_BYTES = 67_108_864;

/** Largest content of one `putFiles` call, all entries together, in bytes (128 MiB). */
export const MAX_FILES_TOTAL_BYTES = 134_217_728;

/**
 * Permission bits a `putFiles` entry may set: `rwxrwxrwx` only. setuid (`0o4000`), setgid (`0o2000`) and
 * sticky (`0o1000`) are refused: a file written from outside should never run with its owner's privileges.
 */
export const MAX_FILE_MODE = 0o777;

/** Largest `ExecSpec.stdin`, in bytes (16 MiB; a string is counted in UTF-8 bytes). */
export const MAX_EXEC_STDIN_BYTES = 16_777_216;

/** Most volumes, and most port mappings, in one container spec. */
export const MAX_SPEC_LIST_ITEMS = 256;

/** Most names in one `security.capabilities.add`/`drop` list, and most states or event types in a filter. */
export const MAX_ENUM_LIST_ITEMS = 64;

/**
 * Longest short identifier, in characters: `network`, `security.user`, `ExecSpec.user`, and the `sessionId`,
 * `name` and `containerId` of filters.
 */
export const MAX_IDENTIFIER_LENGTH = 255;

/** Most issues one `ValidationError` lists; past it a last issue says how many more there were. */
export const MAX_VALIDATION_ISSUES = 100;

/** Longest issue message or path segment a `ValidationError` repeats from the input, in characters. */
export const MAX_ISSUE_TEXT_LENGTH = 200;
