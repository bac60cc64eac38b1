/** Languages `executeCode` runs. */
export const LANGUAGES = ['python', 'javascript', 'typescript', 'bash'] as const;

/** A language `executeCode` runs. */
export type Language = (typeof LANGUAGES)[number];

/** How a language's code is written and run inside the container. */
export interface LanguageRuntime {
  /** File extension of the code file. */
  extension: string;
  /** argv that runs the file at `path`. */
  command(path: string): string[];
}

/**
 * File extension and interpreter per language. TypeScript is transpiled on the host and runs as
 * JavaScript (`node`), so it shares the JavaScript runtime.
 */
export const LANGUAGE_RUNTIMES: Readonly<Record<Language, LanguageRuntime>> = Object.freeze({
  python: { extension: 'py', command: (path: string) => ['python3', path] },
  javascript: { extension: 'js', command: (path: string) => ['node', path] },
  typescript: { extension: 'js', command: (path: string) => ['node', path] },
  bash: { extension: 'sh', command: (path: string) => ['sh', path] },
});
