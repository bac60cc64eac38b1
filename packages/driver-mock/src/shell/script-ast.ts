/** A piece of a shell word: literal text or a `$VAR` / `${VAR}` / `${VAR:-default}` expansion. */
export type WordPart =
  | { kind: 'text'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean; fallback?: string };

/** One shell word before expansion. */
export interface Word {
  /** Its pieces, in order. */
  parts: WordPart[];
}

/** A redirection: `> f`, `>> f`, `< f`, `2> f`, `>&2`, `1>&2`, `2>&1`. */
export type Redirect = { fd: number; op: '>' | '>>' | '<'; target: Word } | { fd: number; op: '>&'; targetFd: number };

/** A simple command: words (argv, maybe with leading `NAME=value` assignments) and redirections. */
export interface SimpleCommand {
  /** argv words. */
  words: Word[];
  /** Redirections, applied left to right. */
  redirects: Redirect[];
}

/** Commands joined by `|`. */
export type Pipeline = SimpleCommand[];

/** One pipeline with the connector that precedes it (`;` for the first and after `;`/newline). */
export interface ListItem {
  /** How it joins the previous item. */
  connector: ';' | '&&' | '||';
  /** What to run. */
  pipeline: Pipeline;
}

/** A parsed script: a flat list whose connectors give `&&`/`||` left-associative semantics. */
export type Script = ListItem[];
