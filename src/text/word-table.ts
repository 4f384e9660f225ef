/**
 * Word ids by spelling, looked up straight from the text being tokenized: a word already seen costs
 * a hash and a comparison, and no string (a Map<string> lookup would need the word sliced out first).
 * Open addressing over FNV-1a hashes of the UTF-16 code units.
 */
export class WordTable {
  /** Words in order of first appearance; a word's id is its index. */
  readonly words: string[] = [];
  private slots = new Int32Array(1 << 12).fill(-1);
  private hashes = new Int32Array(1 << 12);

  /** The id of `text` from `start` to `end`, added as a new word when not yet seen. */
  idOf(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0; // int32, as Math.imul gives and the Int32Array keeps
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (id < 0) return this.add(text.slice(start, end), slot, hash);
      if (this.hashes[slot] !== hash) continue;
      const word = this.words[id]!;
      if (word.length !== length) continue;
      let i = 0;
      while (i < length && word.charCodeAt(i) === text.charCodeAt(start + i)) i++;
      if (i === length) return id;
    }
  }

  private add(word: string, slot: number, hash: number): number {
    const id = this.words.length;
    this.words.push(word);
    this.slots[slot] = id;
    this.hashes[slot] = hash;
    if (2 * this.words.length > this.slots.length) this.grow();
    return id;
  }

  /** Doubles the slots, keeping the table at most half full. */
  private grow(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(2 * slots.length).fill(-1);
    this.hashes = new Int32Array(2 * slots.length);
    const mask = this.slots.length - 1;
    for (let s = 0; s < slots.length; s++) {
      if (slots[s]! < 0) continue;
      let slot = hashes[s]! & mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = slots[s]!;
      this.hashes[slot] = hashes[s]!;
    }
  }
}
