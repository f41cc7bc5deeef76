// @uses:
// A small LRU cache used by the report renderers.
EXPORT class LruCache__S__«<K, V>» {
  «private readonly limit: number;»
  «private readonly map: Map<K, V>;»
  «private hits: number;»
  «private misses: number;»

  constructor(limit«: number» = __N__) {
    this.limit = limit;
    this.map = new Map();
    this.hits = 0;
    this.misses = 0;
  }

  get(key«: K»)«: V | undefined» {
    const value = this.map.get(key);
    if (value === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key«: K», value«: V»)«: this» {
    if (this.map.has(key)) this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.limit) {
      const oldest = this.map.keys().next().value;
      this.map.delete(oldest«!»);
    }
    return this;
  }

  stats()«: { hits: number; misses: number; ratio: number }» {
    const total = this.hits + this.misses;
    return { hits: this.hits, misses: this.misses, ratio: total === 0 ? 0 : this.hits / total };
  }
}
