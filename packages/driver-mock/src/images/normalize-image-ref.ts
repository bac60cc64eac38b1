/**
 * Canonical form of an image reference, so `busybox`, `busybox:latest`, `docker.io/library/busybox`
 * and `docker.io/library/busybox:latest` name the same image.
 */
export function normalizeImageRef(ref: string): string {
  let name = ref.trim();
  name = name.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  name = name.replace(/^library\//, '');
  if (name.includes('@')) return name;
  const lastSlash = name.lastIndexOf('/');
  return name.slice(lastSlash + 1).includes(':') ? name : `${name}:latest`;
}
