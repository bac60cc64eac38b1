/**
 * Docker image reference grammar (distribution/reference): optional `registry[:port]/`, lower-case path
 * components, optional `:tag`, optional `@algo:hex` digest.
 */
export const IMAGE_REFERENCE_PATTERN =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\[[0-9a-fA-F:]+\](?::[0-9]+)?)\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

/** Label keys: alphanumeric at both ends, `.`, `_`, `/`, `-` inside, at most 255 characters. */
export const LABEL_KEY_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9._/-]{0,253}[a-zA-Z0-9])?$/;

/** Names of volumes, networks and containers. */
export const RESOURCE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/** Environment variable names: no `=`, no NUL, not empty. */
export const ENV_NAME_PATTERN = /^[^=\0]+$/;
