const BLOCK_BYTES = 1 << 20;
const TAB = 9;
const NEWLINE = 10;

/**
 * COPY text written straight into 1 MB Buffers. The values it is given are bytes-as-latin1
 * (column-check.ts: one character per byte of their UTF-8 encoding, so every code is below 256),
 * which makes writing a value a plain byte copy: no string per row, no join per block, no
 * encoding pass. Rows may straddle two blocks; COPY does not mind.
 */
export class CopyBuffer {
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private at = 0;
  private full: Buffer[] = [];

  value(text: string): void {
    const length = text.length;
    if (this.at + length + 1 > this.block.length) this.next(length + 1);
    const block = this.block;
    let at = this.at;
    for (let i = 0; i < length; i++) block[at++] = text.charCodeAt(i);
    this.at = at;
  }

  tab(): void {
    this.block[this.at++] = TAB; // value() always leaves room for one separator
  }

  newline(): void {
    this.block[this.at++] = NEWLINE;
  }

  /** The filled blocks, handed over. */
  take(): Buffer[] {
    const taken = this.full;
    this.full = [];
    return taken;
  }

  /** Every block, the last one as far as it is written. */
  finish(): Buffer[] {
    if (this.at > 0) this.next(0);
    return this.take();
  }

  private next(room: number): void {
    this.full.push(this.block.subarray(0, this.at));
    this.block = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, room));
    this.at = 0;
  }
}
