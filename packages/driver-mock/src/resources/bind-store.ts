import { FileStore } from '../fs/file-store.js';

/** The bytes behind bind mounts, by host path: containers binding the same source share its files. */
export class BindStore {
  readonly #stores = new Map<string, FileStore>();

  /** The files of host path `source`, empty on first use. */
  storeFor(source: string): FileStore {
    let store = this.#stores.get(source);
    if (store === undefined) {
      store = new FileStore();
      this.#stores.set(source, store);
    }
    return store;
  }
}
