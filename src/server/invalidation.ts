/**
 * Caches a node keeps (signing keys, key material, policies, the keyring) subscribe
 * here; a change made anywhere publishes here. In one process this is a plain event
 * fan-out; with several nodes on one database the backend relays it between nodes.
 */
export type InvalidationListener = (topic: string, key: string) => void;

/** How long an answer waits for its changes to reach the other nodes before it goes anyway. */
const RELAY_WAIT_MS = 2_000;

export class InvalidationBus {
  private readonly listeners = new Set<InvalidationListener>();
  private relay: ((topic: string, key: string) => Promise<void> | void) | undefined;
  private readonly relaying = new Set<Promise<void>>();

  subscribe(listener: InvalidationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announce a change made by this node: local caches drop it, other nodes are told. */
  publish(topic: string, key: string): void {
    this.deliver(topic, key);
    const sent = this.relay?.(topic, key);
    if (sent) {
      this.relaying.add(sent);
      void sent.finally(() => this.relaying.delete(sent));
    }
  }

  /**
   * Undefined when nothing is on its way to the other nodes; otherwise resolves once
   * everything published so far has been handed to them. A request that changed
   * something is answered only then, so a client told "done" by one node finds the
   * change on another a moment later instead of after an unbounded delay. If the
   * database stops answering, the wait ends after RELAY_WAIT_MS: the change itself is
   * committed, and the relay goes on (and reports its failure) without the caller.
   */
  relayed(waitMs = RELAY_WAIT_MS): Promise<void> | undefined {
    if (this.relaying.size === 0) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
      timer.unref();
    });
    return Promise.race([Promise.all([...this.relaying]), gaveUp]).then(() => clearTimeout(timer));
  }

  /** Called by a backend for a change another node made. */
  deliver(topic: string, key: string): void {
    for (const l of this.listeners) l(topic, key);
  }

  /** The relay's promise, when it returns one, must not reject. */
  setRelay(relay: (topic: string, key: string) => Promise<void> | void): void {
    this.relay = relay;
  }
}
