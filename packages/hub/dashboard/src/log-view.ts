import { h } from './dom.js';
import { plural } from './format.js';
import { type BufferedLine, LogBuffer } from './log-buffer.js';

/** Height of one log row in px (rows are fixed-height so only the visible ones exist in the DOM). */
export const ROW_HEIGHT = 18;
const OVERSCAN = 20;

/**
 * The live log of the selected container or session: a virtualised list (only the rows on screen are in
 * the DOM) that follows new lines until the reader scrolls up, stdout/stderr told apart, a search box and
 * stream toggles over the buffer, and a download of what is shown.
 */
export class LogView {
  /** The panel to mount. */
  readonly element: HTMLElement;
  private readonly buffer = new LogBuffer();
  private readonly viewport: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly rows: HTMLDivElement;
  private readonly count: HTMLSpanElement;
  private readonly followButton: HTMLButtonElement;
  private readonly search: HTMLInputElement;
  private readonly showStdout: HTMLInputElement;
  private readonly showStderr: HTMLInputElement;
  private pending: BufferedLine[] = [];
  private frame = 0;
  private following = true;
  private unseen = 0;
  private name = 'berth';

  constructor() {
    this.search = h('input', {
      type: 'search',
      placeholder: 'Filter lines…',
      'aria-label': 'Filter log lines',
      'data-testid': 'log-search',
      oninput: () => this.applyFilter(),
    });
    this.showStdout = h('input', { type: 'checkbox', checked: true, onchange: () => this.applyFilter() });
    this.showStderr = h('input', { type: 'checkbox', checked: true, onchange: () => this.applyFilter() });
    this.showStdout.checked = true;
    this.showStderr.checked = true;
    this.followButton = h(
      'button',
      { type: 'button', class: 'follow', 'aria-pressed': 'true', onclick: () => this.toggleFollow() },
      'Following',
    );
    this.count = h('span', { class: 'muted', 'data-testid': 'log-count', 'aria-live': 'off' }, plural(0, 'line'));
    const download = h(
      'button',
      { type: 'button', onclick: () => this.download(), 'data-testid': 'log-download' },
      'Download',
    );
    this.spacer = h('div', { class: 'log-spacer' });
    this.rows = h('div', { class: 'log-rows' });
    this.viewport = h(
      'div',
      {
        class: 'log-viewport',
        tabindex: 0,
        role: 'log',
        // A busy log would flood a screen reader: the region is navigable, not announced.
        'aria-live': 'off',
        'aria-label': 'Log lines',
        'data-testid': 'log-viewport',
        onscroll: () => this.onScroll(),
      },
      this.spacer,
      this.rows,
    );
    this.element = h(
      'section',
      { class: 'panel log-panel', 'aria-label': 'Logs' },
      h(
        'div',
        { class: 'toolbar' },
        h('h3', {}, 'Logs'),
        this.search,
        h('label', { class: 'check' }, this.showStdout, 'stdout'),
        h('label', { class: 'check stderr-label' }, this.showStderr, 'stderr'),
        this.followButton,
        download,
        this.count,
      ),
      this.viewport,
    );
    new ResizeObserver(() => this.render()).observe(this.viewport);
  }

  /** Starts over for another container or session (`name` names the download). */
  reset(name: string): void {
    this.name = name;
    this.buffer.clear();
    this.pending = [];
    this.unseen = 0;
    this.setFollowing(true);
    this.render();
    this.updateCount();
  }

  /** Queues a line; lines are drawn once per animation frame. */
  push(line: BufferedLine): void {
    this.pending.push(line);
    this.schedule();
  }

  /**
   * Queues the lines of a `logs` frame; they are drawn once per animation frame. What waits is bounded by the
   * buffer's capacity (a hidden tab gets no animation frames): the oldest waiting lines go first, counted as dropped.
   */
  pushMany(lines: readonly BufferedLine[]): void {
    for (const line of lines) this.pending.push(line);
    this.schedule();
  }

  private schedule(): void {
    const over = this.pending.length - this.buffer.capacity;
    if (over > 0) {
      this.pending.splice(0, over);
      this.buffer.dropped += over;
    }
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.frame = 0;
    const batch = this.pending;
    this.pending = [];
    const shown = this.buffer.append(batch);
    if (!this.following) this.unseen += shown;
    this.spacer.style.height = `${this.buffer.visibleCount * ROW_HEIGHT}px`;
    if (this.following) this.viewport.scrollTop = this.viewport.scrollHeight;
    this.render();
    this.updateCount();
  }

  private render(): void {
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 300;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.buffer.visibleCount, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const needed = Math.max(0, last - first);
    while (this.rows.childElementCount < needed) this.rows.append(h('div', { class: 'log-row' }));
    while (this.rows.childElementCount > needed) this.rows.lastElementChild?.remove();
    this.rows.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    let i = first;
    for (const row of Array.from(this.rows.children) as HTMLElement[]) {
      const line = this.buffer.visibleAt(i);
      i += 1;
      if (line === undefined) continue;
      if (row.textContent !== line.text) row.textContent = line.text;
      const cls = line.stream === 'stderr' ? 'log-row stderr' : 'log-row';
      if (row.className !== cls) row.className = cls;
    }
  }

  private onScroll(): void {
    const v = this.viewport;
    const atBottom = v.scrollTop + v.clientHeight >= v.scrollHeight - ROW_HEIGHT;
    if (atBottom !== this.following) this.setFollowing(atBottom);
    this.render();
  }

  private toggleFollow(): void {
    this.setFollowing(!this.following);
    if (this.following) {
      this.viewport.scrollTop = this.viewport.scrollHeight;
      this.render();
    }
  }

  private setFollowing(on: boolean): void {
    this.following = on;
    if (on) this.unseen = 0;
    this.followButton.setAttribute('aria-pressed', String(on));
    this.updateCount();
  }

  private applyFilter(): void {
    this.buffer.setFilter({
      query: this.search.value,
      stdout: this.showStdout.checked,
      stderr: this.showStderr.checked,
    });
    this.spacer.style.height = `${this.buffer.visibleCount * ROW_HEIGHT}px`;
    if (this.following) this.viewport.scrollTop = this.viewport.scrollHeight;
    this.render();
    this.updateCount();
  }

  private updateCount(): void {
    const total = this.buffer.size;
    const shown = this.buffer.visibleCount;
    const counted = shown === total ? plural(total, 'line') : `${shown} of ${plural(total, 'line')}`;
    // the list keeps the newest `capacity` lines: say how many older ones it let go
    const dropped = this.buffer.dropped;
    this.count.textContent = dropped === 0 ? counted : `${counted} (${dropped} older not kept)`;
    this.followButton.textContent = this.following
      ? 'Following'
      : this.unseen > 0
        ? `Paused (${this.unseen} new)`
        : 'Paused';
  }

  private download(): void {
    const blob = new Blob([this.buffer.visibleText()], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `${this.name}.log` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
