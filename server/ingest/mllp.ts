import { CR, FS, VT } from '@medplum/hl7';

/** Largest MLLP frame accepted; a longer one is dropped and reported, never buffered forever. */
export const MAX_FRAME_BYTES = 1024 * 1024;

export type MllpEvent = { type: 'frame'; payload: Buffer } | { type: 'oversized'; bytes: number } | { type: 'junk'; bytes: number };

/**
 * Streaming MLLP decoder (`<VT> message <FS><CR>`). Unlike the framing in @medplum/hl7 4.5's
 * `Hl7Connection` — which completes a frame only when a TCP read happens to end in FS CR, so it
 * merges two messages that arrive in one read and never completes one whose FS and CR arrive
 * in separate reads — this keeps a buffer and cuts every complete frame out of it, wherever the
 * reads split. Bytes outside a frame are reported as junk.
 */
export class MllpDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private inFrame = false;

  push(chunk: Buffer): MllpEvent[] {
    const events: MllpEvent[] = [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (!this.inFrame) {
        const start = this.buffer.indexOf(VT);
        if (start < 0) {
          if (this.buffer.some((b) => b !== CR && b !== 0x0a && b !== 0x20)) events.push({ type: 'junk', bytes: this.buffer.length });
          this.buffer = Buffer.alloc(0);
          return events;
        }
        const before = this.buffer.subarray(0, start);
        if (before.some((b) => b !== CR && b !== 0x0a && b !== 0x20)) events.push({ type: 'junk', bytes: before.length });
        this.buffer = this.buffer.subarray(start + 1);
        this.inFrame = true;
      }
      let end = -1;
      for (let i = this.buffer.indexOf(FS); i >= 0; i = this.buffer.indexOf(FS, i + 1)) {
        if (i + 1 >= this.buffer.length) break; // FS is the last byte so far: wait for the CR
        if (this.buffer[i + 1] === CR) {
          end = i;
          break;
        }
      }
      const restart = this.buffer.indexOf(VT);
      if (restart >= 0 && (end < 0 || restart < end)) {
        // A new start block inside a frame: the sender gave up on the first one. Never read a
        // cut-off message as if it were whole.
        events.push({ type: 'junk', bytes: restart + 1 });
        this.buffer = this.buffer.subarray(restart + 1);
        continue;
      }
      if (end < 0) {
        if (this.buffer.length > MAX_FRAME_BYTES) {
          events.push({ type: 'oversized', bytes: this.buffer.length });
          this.buffer = Buffer.alloc(0);
          this.inFrame = false;
        }
        return events;
      }
      events.push({ type: 'frame', payload: Buffer.from(this.buffer.subarray(0, end)) });
      this.buffer = this.buffer.subarray(end + 2);
      this.inFrame = false;
    }
  }
}

/** Wraps a message in MLLP framing. */
export function mllpFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  const out = Buffer.alloc(body.length + 3);
  out[0] = VT;
  body.copy(out, 1);
  out[body.length + 1] = FS;
  out[body.length + 2] = CR;
  return out;
}
