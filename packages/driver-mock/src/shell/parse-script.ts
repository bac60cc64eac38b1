import type { ListItem, Pipeline, Script, SimpleCommand, Word, WordPart } from './script-ast.js';

/** A script the mini shell cannot parse (unterminated quote, dangling operator …). */
export class ShellSyntaxError extends Error {
  /**
   * @param message - what is wrong, as `sh` would print it.
   */
  constructor(message: string) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

type Token =
  | { type: 'word'; word: Word }
  | { type: 'op'; op: ';' | '&&' | '||' | '|' }
  | { type: 'redirect'; fd: number; op: '>' | '>>' | '<' }
  | { type: 'dup'; fd: number; targetFd: number };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_VARS = new Set(['?', '$', '#', '@', '*', '!', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

class Lexer {
  #pos = 0;
  readonly #src: string;
  readonly tokens: Token[] = [];

  constructor(src: string) {
    this.#src = src;
  }

  run(): Token[] {
    while (this.#pos < this.#src.length) {
      const ch = this.#src[this.#pos] ?? '';
      if (ch === ' ' || ch === '\t' || ch === '\r') this.#pos++;
      else if (ch === '\\' && this.#src[this.#pos + 1] === '\n') this.#pos += 2;
      else if (ch === '#') this.#skipComment();
      else if (ch === '\n' || ch === ';') {
        this.tokens.push({ type: 'op', op: ';' });
        this.#pos++;
      } else if (ch === '&') {
        if (this.#src[this.#pos + 1] !== '&')
          throw new ShellSyntaxError("syntax error: background jobs ('&') are not supported");
        this.tokens.push({ type: 'op', op: '&&' });
        this.#pos += 2;
      } else if (ch === '|') {
        const double = this.#src[this.#pos + 1] === '|';
        this.tokens.push({ type: 'op', op: double ? '||' : '|' });
        this.#pos += double ? 2 : 1;
      } else if (ch === '>' || ch === '<') this.#redirect(ch === '>' ? 1 : 0);
      else if (/[0-9]/.test(ch) && /[<>]/.test(this.#src[this.#pos + 1] ?? '')) {
        this.#pos++;
        this.#redirect(Number(ch));
      } else this.tokens.push({ type: 'word', word: this.#word() });
    }
    return this.tokens;
  }

  #skipComment(): void {
    while (this.#pos < this.#src.length && this.#src[this.#pos] !== '\n') this.#pos++;
  }

  #redirect(fd: number): void {
    const ch = this.#src[this.#pos];
    this.#pos++;
    if (ch === '<') {
      this.tokens.push({ type: 'redirect', fd, op: '<' });
      return;
    }
    if (this.#src[this.#pos] === '>') {
      this.#pos++;
      this.tokens.push({ type: 'redirect', fd, op: '>>' });
      return;
    }
    if (this.#src[this.#pos] === '&') {
      this.#pos++;
      const start = this.#pos;
      while (/[0-9]/.test(this.#src[this.#pos] ?? '')) this.#pos++;
      if (start === this.#pos) throw new ShellSyntaxError('syntax error: bad fd number');
      this.tokens.push({ type: 'dup', fd, targetFd: Number(this.#src.slice(start, this.#pos)) });
      return;
    }
    this.tokens.push({ type: 'redirect', fd, op: '>' });
  }

  #word(): Word {
    const parts: WordPart[] = [];
    let text = '';
    const flush = (quoted: boolean): void => {
      if (text !== '') parts.push({ kind: 'text', text, quoted });
      text = '';
    };
    while (this.#pos < this.#src.length) {
      const ch = this.#src[this.#pos] ?? '';
      if (/[\s;&|<>]/.test(ch)) break;
      if (ch === "'") {
        flush(false);
        const end = this.#src.indexOf("'", this.#pos + 1);
        if (end < 0) throw new ShellSyntaxError('syntax error: unterminated quoted string');
        parts.push({ kind: 'text', text: this.#src.slice(this.#pos + 1, end), quoted: true });
        this.#pos = end + 1;
      } else if (ch === '"') {
        flush(false);
        this.#pos++;
        this.#doubleQuoted(parts);
      } else if (ch === '\\') {
        text += this.#src[this.#pos + 1] ?? '';
        this.#pos += 2;
      } else if (ch === '$' && this.#startsVar()) {
        flush(false);
        parts.push(this.#variable(false));
      } else {
        text += ch;
        this.#pos++;
      }
    }
    flush(false);
    return { parts };
  }

  #doubleQuoted(parts: WordPart[]): void {
    let text = '';
    // An empty "" still yields an (empty) word.
    parts.push({ kind: 'text', text: '', quoted: true });
    for (;;) {
      if (this.#pos >= this.#src.length) throw new ShellSyntaxError('syntax error: unterminated quoted string');
      const ch = this.#src[this.#pos] ?? '';
      if (ch === '"') {
        this.#pos++;
        break;
      }
      if (ch === '\\' && /["\\$`\n]/.test(this.#src[this.#pos + 1] ?? '')) {
        text += this.#src[this.#pos + 1] === '\n' ? '' : (this.#src[this.#pos + 1] ?? '');
        this.#pos += 2;
      } else if (ch === '$' && this.#startsVar()) {
        if (text !== '') parts.push({ kind: 'text', text, quoted: true });
        text = '';
        parts.push(this.#variable(true));
      } else {
        text += ch;
        this.#pos++;
      }
    }
    if (text !== '') parts.push({ kind: 'text', text, quoted: true });
  }

  #startsVar(): boolean {
    const next = this.#src[this.#pos + 1] ?? '';
    return next === '{' || NAME_START.test(next) || SPECIAL_VARS.has(next);
  }

  #variable(quoted: boolean): WordPart {
    this.#pos++; // $
    if (this.#src[this.#pos] === '{') {
      const end = this.#src.indexOf('}', this.#pos);
      if (end < 0) throw new ShellSyntaxError('syntax error: missing }');
      const inner = this.#src.slice(this.#pos + 1, end);
      this.#pos = end + 1;
      const fallbackAt = inner.indexOf(':-');
      if (fallbackAt >= 0)
        return { kind: 'var', name: inner.slice(0, fallbackAt), quoted, fallback: inner.slice(fallbackAt + 2) };
      return { kind: 'var', name: inner, quoted };
    }
    const first = this.#src[this.#pos] ?? '';
    if (SPECIAL_VARS.has(first)) {
      this.#pos++;
      return { kind: 'var', name: first, quoted };
    }
    const start = this.#pos;
    while (NAME_CHAR.test(this.#src[this.#pos] ?? '')) this.#pos++;
    return { kind: 'var', name: this.#src.slice(start, this.#pos), quoted };
  }
}

/**
 * Parses a POSIX-ish script: simple commands joined by `;`, newlines, `&&`, `||` and `|`, with quotes,
 * `$VAR`/`${VAR}`/`${VAR:-x}`, comments and redirections (`>`, `>>`, `<`, `N>`, `>&N`).
 * Throws {@link ShellSyntaxError}.
 */
export function parseScript(source: string): Script {
  const tokens = new Lexer(source).run();
  const script: Script = [];
  let connector: ListItem['connector'] = ';';
  let pipeline: Pipeline = [];
  let command: SimpleCommand = { words: [], redirects: [] };
  const isEmpty = (c: SimpleCommand): boolean => c.words.length === 0 && c.redirects.length === 0;

  const endCommand = (op: string): void => {
    if (isEmpty(command)) throw new ShellSyntaxError(`syntax error: unexpected "${op}"`);
    pipeline.push(command);
    command = { words: [], redirects: [] };
  };
  const endPipeline = (): void => {
    script.push({ connector, pipeline });
    pipeline = [];
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) break;
    if (token.type === 'word') command.words.push(token.word);
    else if (token.type === 'dup') command.redirects.push({ fd: token.fd, op: '>&', targetFd: token.targetFd });
    else if (token.type === 'redirect') {
      const target = tokens[i + 1];
      if (target?.type !== 'word') throw new ShellSyntaxError('syntax error: redirection without a target');
      command.redirects.push({ fd: token.fd, op: token.op, target: target.word });
      i++;
    } else if (token.op === '|') endCommand('|');
    else if (token.op === ';') {
      // Blank lines, and a newline right after `&&`/`||`, are fine.
      if (isEmpty(command) && pipeline.length === 0) continue;
      endCommand(';');
      endPipeline();
      connector = ';';
    } else {
      endCommand(token.op);
      endPipeline();
      connector = token.op;
    }
  }
  if (!isEmpty(command)) {
    pipeline.push(command);
    endPipeline();
  } else if (pipeline.length > 0 || connector !== ';') {
    throw new ShellSyntaxError('syntax error: unexpected end of file');
  }
  return script;
}
