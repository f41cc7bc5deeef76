// @uses:
// A typed event bus with once() and error isolation.
EXPORT class EventBus__S__ {
  «private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();»
  «/*»constructor() {
    this.handlers = new Map();
  }«*/»

  on(type«: string», handler«: (payload: unknown) => void»)«: () => void» {
    let set = this.handlers.get(type);
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
    }
    set.add(handler);
    return () => set«!».delete(handler);
  }

  once(type«: string», handler«: (payload: unknown) => void»)«: () => void» {
    const off = this.on(type, (payload) => {
      off();
      handler(payload);
    });
    return off;
  }

  emit(type«: string», payload«?: unknown»)«: number» {
    const set = this.handlers.get(type);
    if (!set) return 0;
    let delivered = 0;
    for (const handler of [...set]) {
      try {
        handler(payload);
        delivered++;
      } catch (error) {
        console.error(`handler for ${type} failed`, error);
      }
    }
    return delivered;
  }
}
