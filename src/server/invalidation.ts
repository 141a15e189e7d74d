/**
 * Caches a node keeps (signing keys, key material, policies, the keyring) subscribe
 * here; a change made anywhere publishes here. In one process this is a plain event
 * fan-out; with several nodes on one database the backend relays it between nodes.
 */
export type InvalidationListener = (topic: string, key: string) => void;

export class InvalidationBus {
  private readonly listeners = new Set<InvalidationListener>();
  private relay: ((topic: string, key: string) => void) | undefined;

  subscribe(listener: InvalidationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announce a change made by this node: local caches drop it, other nodes are told. */
  publish(topic: string, key: string): void {
    this.deliver(topic, key);
    this.relay?.(topic, key);
  }

  /** Called by a backend for a change another node made. */
  deliver(topic: string, key: string): void {
    for (const l of this.listeners) l(topic, key);
  }

  setRelay(relay: (topic: string, key: string) => void): void {
    this.relay = relay;
  }
}
