import type { SessionRecord } from './session-record.js';

/**
 * The earliest time `rec`'s session can expire as far as is known now: the earlier of its TTL (`expiresAt`) and its
 * idle deadline (last activity + idle timeout). Neither ever moves earlier (the TTL is fixed, activity only moves
 * forward), so a record looked at no later than this is never expired late. NaN for an invalid date.
 *
 * @example
 * ```ts
 * index.arm(rec, Math.max(Date.now(), expiryDeadline(rec)));
 * ```
 */
export function expiryDeadline(rec: SessionRecord): number {
  const s = rec.session;
  return Math.min(s.expiresAt.getTime(), s.lastActivityAt.getTime() + s.idleTimeoutMs);
}

/** One registered record and when the reaper must next look at it; `slot` is its heap position, -1 while handed out. */
interface Entry {
  rec: SessionRecord;
  at: number;
  slot: number;
}

/**
 * The registered records ordered by when the reaper must next look at each (a binary min-heap with a
 * position per session id), so a reaper pass costs the records that are due, not every live session.
 *
 * A record is due at its {@link expiryDeadline} when added; whoever takes it with {@link due} decides when it is
 * due next with {@link arm}. {@link delete} forgets a record whether it is in the heap or handed out, so an `arm` after it
 * does nothing. Times are numbers (ms since the epoch); `-Infinity` means "at the next pass".
 *
 * @example
 * ```ts
 * const index = new ExpiryIndex();
 * index.add(rec);                      // due at its expiryDeadline
 * for (const r of index.due(Date.now())) index.arm(r, r.session.expiresAt.getTime());
 * index.delete(rec.session.id);        // never due again
 * ```
 */
export class ExpiryIndex {
  private readonly heap: Entry[] = [];
  private readonly entries = new Map<string, Entry>();

  /** How many records it holds (in the heap or handed out and not yet armed). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Holds `rec` (replacing a record registered under the same id), due at its {@link expiryDeadline} (at the next
   * pass when that is NaN).
   */
  add(rec: SessionRecord): void {
    const id = rec.session.id;
    const existing = this.entries.get(id);
    if (existing !== undefined) {
      existing.rec = rec;
      this.place(existing, expiryDeadline(rec));
      return;
    }
    const entry: Entry = { rec, at: Number.NEGATIVE_INFINITY, slot: -1 };
    this.entries.set(id, entry);
    this.place(entry, expiryDeadline(rec));
  }

  /** Forgets the record of `sessionId` (a later {@link arm} of it does nothing). */
  delete(sessionId: string): void {
    const entry = this.entries.get(sessionId);
    if (entry === undefined) return;
    this.entries.delete(sessionId);
    if (entry.slot >= 0) this.removeAt(entry.slot);
  }

  /**
   * Takes every record due at or before `now` out of the heap (earliest first) and hands them out; each
   * stays held (see {@link size}) until it is armed again or deleted. Records never armed again are never due again.
   */
  due(now: number): SessionRecord[] {
    const out: SessionRecord[] = [];
    for (let top = this.heap[0]; top !== undefined && top.at <= now; top = this.heap[0]) {
      this.removeAt(0);
      out.push(top.rec);
    }
    return out;
  }

  /**
   * Makes `rec` due at `at`, whether it was handed out by {@link due} or is still in the heap; does nothing
   * when `rec` is not (or no longer) the record held under its id. NaN counts as "at the next pass".
   */
  arm(rec: SessionRecord, at: number): void {
    const entry = this.entries.get(rec.session.id);
    if (entry === undefined || entry.rec !== rec) return;
    this.place(entry, at);
  }

  private place(entry: Entry, time: number): void {
    // NaN (an invalid Date's time) would break the heap's order: treat it as "at the next pass".
    // biome-ignore lint/complexity/useMathMinMax: NaN must give -Infinity; Math.max would give NaN
    const at = time > Number.NEGATIVE_INFINITY ? time : Number.NEGATIVE_INFINITY;
    if (entry.slot < 0) {
      entry.at = at;
      this.push(entry);
      return;
    }
    const before = entry.at;
    entry.at = at;
    if (at < before) this.up(entry.slot);
    else this.down(entry.slot);
  }

  private push(entry: Entry): void {
    entry.slot = this.heap.length;
    this.heap.push(entry);
    this.up(entry.slot);
  }

  private removeAt(slot: number): void {
    const heap = this.heap;
    const removed = heap[slot] as Entry;
    const last = heap.pop() as Entry;
    removed.slot = -1;
    if (last === removed) return;
    heap[slot] = last;
    last.slot = slot;
    this.up(slot);
    this.down(last.slot);
  }

  private up(start: number): void {
    const heap = this.heap;
    const entry = heap[start] as Entry;
    let i = start;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p] as Entry;
      if (parent.at <= entry.at) break;
      heap[i] = parent;
      parent.slot = i;
      i = p;
    }
    heap[i] = entry;
    entry.slot = i;
  }

  private down(start: number): void {
    const heap = this.heap;
    const n = heap.length;
    const entry = heap[start] as Entry;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const left = heap[l] as Entry;
      const right = heap[r];
      const c = right !== undefined && right.at < left.at ? r : l;
      const child = heap[c] as Entry;
      if (child.at >= entry.at) break;
      heap[i] = child;
      child.slot = i;
      i = c;
    }
    heap[i] = entry;
    entry.slot = i;
  }
}
