/** Resolves after `ms` milliseconds. The timer is not kept alive past its own firing. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
