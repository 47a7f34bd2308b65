import type { EventName, Events } from '../../shared/ipc-contract'

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void

/** A tiny typed event bus: the core emits, each host forwards to its renderer. */
export class AppEventBus {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload)
      } catch {
        // One broken window must not stop the others from hearing about the change.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get listenerCount(): number {
    return this.listeners.size
  }
}
