import { h, replaceChildren } from './dom.js';
import { sanitizedHtml, viewOf } from './rich-output.js';

/** A language the dashboard can run. */
export type SnippetLanguage = 'python' | 'javascript' | 'typescript' | 'bash';

const SAMPLES: Record<SnippetLanguage, string> = {
  python:
    'import platform\nfor i in range(3):\n    print("hello from python", platform.python_version(), i, flush=True)\n',
  javascript: 'for (let i = 0; i < 3; i++) console.log("hello from node", process.version, i);\n',
  typescript:
    'const greet = (n: number): string => "hello from typescript " + n;\nfor (let i = 0; i < 3; i++) console.log(greet(i));\n',
  bash: 'for i in 1 2 3; do echo "hello from sh $i"; done\n',
};

/** The result of a run, shown under the editor. */
export interface RunOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** Stateful runs: the trailing expression's value. */
  text?: string;
  /** Stateful runs: the exception. */
  error?: { name: string; value: string; traceback: string };
  /** Stateful runs: `display()` outputs (MIME bundles). */
  outputs?: Record<string, string>[];
}

/** What the run panel calls back into. */
export interface RunPanelHandlers {
  /**
   * Runs the code (in the selected session, or a new one; `stateful`: in its context); resolves with the output.
   * `onOutput` gets each piece of output while the run is going.
   */
  run(
    language: SnippetLanguage,
    code: string,
    stateful: boolean,
    onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
  ): Promise<RunOutput | null>;
}

/**
 * "Run code": a language, a snippet and a Run button (operator only). The run's lines also stream into the
 * session's log view; the panel shows its result.
 */
export class RunPanel {
  /** The panel to mount. */
  readonly element: HTMLElement;
  private readonly language: HTMLSelectElement;
  private readonly code: HTMLTextAreaElement;
  private readonly runButton: HTMLButtonElement;
  private readonly stateful: HTMLInputElement;
  private readonly output: HTMLElement;
  private readonly target: HTMLElement;
  private busy = false;
  private enabled = false;

  /** @param handlers - what Run does. */
  constructor(private readonly handlers: RunPanelHandlers) {
    this.language = h(
      'select',
      { id: 'run-language', 'data-testid': 'run-language', onchange: () => this.loadSample() },
      h('option', { value: 'python' }, 'Python'),
      h('option', { value: 'javascript' }, 'JavaScript'),
      h('option', { value: 'typescript' }, 'TypeScript'),
      h('option', { value: 'bash' }, 'Bash'),
    );
    this.code = h('textarea', {
      id: 'run-code',
      rows: 5,
      spellcheck: 'false',
      'aria-label': 'Code to run',
      'data-testid': 'run-code',
    });
    this.code.value = SAMPLES.python;
    this.runButton = h(
      'button',
      { type: 'button', class: 'primary', 'data-testid': 'run-submit', onclick: () => void this.submit() },
      'Run',
    );
    this.target = h('span', { class: 'muted small' }, 'in a new session');
    this.stateful = h('input', { type: 'checkbox', id: 'run-stateful', 'data-testid': 'run-stateful' });
    this.output = h('div', { class: 'run-output', 'data-testid': 'run-output', 'aria-live': 'polite' });
    this.element = h(
      'section',
      { class: 'panel', 'aria-label': 'Run code' },
      h(
        'div',
        { class: 'toolbar' },
        h('h3', {}, 'Run code'),
        h('label', { for: 'run-language' }, 'Language'),
        this.language,
      ),
      this.code,
      h(
        'div',
        { class: 'toolbar' },
        this.runButton,
        this.target,
        h(
          'label',
          { for: 'run-stateful', title: 'Run in the session context: variables kept, results shown' },
          this.stateful,
          ' Keep state',
        ),
      ),
      this.output,
    );
    this.setEnabled(false);
  }

  /** Enables Run for operators; explains why not otherwise. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.runButton.disabled = !enabled || this.busy;
    this.runButton.title = enabled ? 'Run the snippet' : 'Needs the operator token (OPERATOR_TOKEN)';
  }

  /** Says where Run will run: the selected session, or a new one. */
  setTarget(sessionId: string | null): void {
    this.target.textContent = sessionId === null ? 'in a new session' : `in session ${sessionId}`;
  }

  private loadSample(): void {
    this.code.value = SAMPLES[this.language.value as SnippetLanguage];
  }

  private async submit(): Promise<void> {
    if (this.busy || !this.enabled) return;
    this.busy = true;
    this.setEnabled(this.enabled);
    this.output.textContent = 'Running…';
    const live = new LiveOutput(this.output);
    try {
      const result = await this.handlers.run(
        this.language.value as SnippetLanguage,
        this.code.value,
        this.stateful.checked,
        (stream, text) => live.append(stream, text),
      );
      if (result === null) this.output.textContent = '';
      else replaceChildren(this.output, ...renderResult(result));
    } catch (err) {
      this.output.textContent = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
      this.setEnabled(this.enabled);
    }
  }
}

/** Characters of live output the panel keeps while a run is going (the result replaces it). */
export const LIVE_OUTPUT_CHARS = 256 * 1024;

/** The output of a run while it is going: one `<pre>`, stderr pieces in their own span, bounded. */
class LiveOutput {
  private pre: HTMLElement | null = null;
  private chars = 0;

  constructor(private readonly box: HTMLElement) {}

  append(stream: 'stdout' | 'stderr', text: string): void {
    if (this.chars >= LIVE_OUTPUT_CHARS) return;
    const kept = text.slice(0, LIVE_OUTPUT_CHARS - this.chars);
    this.chars += kept.length;
    if (this.pre === null) {
      this.pre = h('pre', { class: 'run-live', 'data-testid': 'run-live' });
      replaceChildren(this.box, this.pre);
    }
    this.pre.append(stream === 'stderr' ? h('span', { class: 'run-live-err' }, kept) : document.createTextNode(kept));
  }
}

/** The parts of a run's result: output, trailing value, error, display outputs, then the exit line. */
function renderResult(result: RunOutput): HTMLElement[] {
  const parts: HTMLElement[] = [];
  const streams = [result.stdout, result.stderr === '' ? '' : `[stderr]\n${result.stderr}`].filter((p) => p !== '');
  if (streams.length > 0) parts.push(h('pre', {}, streams.join('\n')));
  if (result.text !== undefined) parts.push(h('pre', { class: 'run-text', 'data-testid': 'run-text' }, result.text));
  if (result.error !== undefined) {
    const { name, value, traceback } = result.error;
    parts.push(h('pre', { class: 'run-error', 'data-testid': 'run-error' }, `${name}: ${value}\n${traceback}`));
  }
  for (const bundle of result.outputs ?? []) {
    const view = viewOf(bundle);
    if (view === null) continue;
    if (view.kind === 'png') {
      parts.push(
        h('img', {
          class: 'run-image',
          src: view.src,
          alt: bundle['text/plain'] ?? 'image output',
          'data-testid': 'run-image',
        }),
      );
    } else if (view.kind === 'html') {
      const box = h('div', { class: 'run-html', 'data-testid': 'run-html' });
      box.append(...sanitizedHtml(view.html));
      parts.push(box);
    } else parts.push(h('pre', { 'data-testid': 'run-display-text' }, view.text));
  }
  const end = result.timedOut ? 'timed out (interrupted)' : `exit code ${result.exitCode}`;
  parts.push(h('pre', { class: 'muted' }, `— ${end} in ${result.durationMs} ms`));
  return parts;
}
