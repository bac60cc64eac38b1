import { h } from './dom.js';

/** A language the dashboard can run. */
export type SnippetLanguage = 'python' | 'javascript' | 'bash';

const SAMPLES: Record<SnippetLanguage, string> = {
  python:
    'import platform\nfor i in range(3):\n    print("hello from python", platform.python_version(), i, flush=True)\n',
  javascript: 'for (let i = 0; i < 3; i++) console.log("hello from node", process.version, i);\n',
  bash: 'for i in 1 2 3; do echo "hello from sh $i"; done\n',
};

/** The result of a run, shown under the editor. */
export interface RunOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

/** What the run panel calls back into. */
export interface RunPanelHandlers {
  /** Runs the code (in the selected session, or a new one); resolves with the output. */
  run(language: SnippetLanguage, code: string): Promise<RunOutput | null>;
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
    this.output = h('pre', { class: 'run-output', 'data-testid': 'run-output', 'aria-live': 'polite' });
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
      h('div', { class: 'toolbar' }, this.runButton, this.target),
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
    try {
      const result = await this.handlers.run(this.language.value as SnippetLanguage, this.code.value);
      if (result === null) this.output.textContent = '';
      else {
        const parts = [result.stdout, result.stderr === '' ? '' : `[stderr]\n${result.stderr}`].filter((p) => p !== '');
        const end = result.timedOut ? 'timed out' : `exit code ${result.exitCode}`;
        this.output.textContent = `${parts.join('\n')}\n— ${end} in ${result.durationMs} ms`;
      }
    } catch (err) {
      this.output.textContent = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
      this.setEnabled(this.enabled);
    }
  }
}
