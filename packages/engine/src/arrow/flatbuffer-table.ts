/**
 * Just enough of the FlatBuffers wire format to read Arrow IPC metadata: tables found through
 * their vtables, with scalars, strings, sub-tables and vectors looked up by field id.
 */
export class FlatTable {
  constructor(
    private readonly view: DataView,
    private readonly position: number,
  ) {}

  /** The root table of a buffer: its offset is the first uint32. */
  static root(view: DataView): FlatTable {
    return new FlatTable(view, view.getUint32(0, true));
  }

  /** Absolute offset of field `id`, or 0 when the writer left it at its default. */
  private field(id: number): number {
    const vtable = this.position - this.view.getInt32(this.position, true);
    const vtableSize = this.view.getUint16(vtable, true);
    const entry = 4 + 2 * id;
    if (entry >= vtableSize) return 0;
    const relative = this.view.getUint16(vtable + entry, true);
    return relative === 0 ? 0 : this.position + relative;
  }

  uint8(id: number, fallback = 0): number {
    const at = this.field(id);
    return at === 0 ? fallback : this.view.getUint8(at);
  }

  int16(id: number, fallback = 0): number {
    const at = this.field(id);
    return at === 0 ? fallback : this.view.getInt16(at, true);
  }

  int32(id: number, fallback = 0): number {
    const at = this.field(id);
    return at === 0 ? fallback : this.view.getInt32(at, true);
  }

  int64(id: number, fallback = 0): number {
    const at = this.field(id);
    return at === 0 ? fallback : Number(this.view.getBigInt64(at, true));
  }

  bool(id: number, fallback = false): boolean {
    const at = this.field(id);
    return at === 0 ? fallback : this.view.getUint8(at) !== 0;
  }

  table(id: number): FlatTable | null {
    const at = this.field(id);
    return at === 0 ? null : new FlatTable(this.view, at + this.view.getUint32(at, true));
  }

  string(id: number): string | null {
    const at = this.field(id);
    if (at === 0) return null;
    const start = at + this.view.getUint32(at, true);
    const length = this.view.getUint32(start, true);
    return new TextDecoder().decode(
      new Uint8Array(this.view.buffer, this.view.byteOffset + start + 4, length),
    );
  }

  /** Start (absolute) and length of vector field `id`; length 0 when absent. */
  vector(id: number): { start: number; length: number } {
    const at = this.field(id);
    if (at === 0) return { start: 0, length: 0 };
    const start = at + this.view.getUint32(at, true);
    return { start: start + 4, length: this.view.getUint32(start, true) };
  }

  /** Element `index` of a vector of tables. */
  vectorTable(id: number, index: number): FlatTable {
    const { start } = this.vector(id);
    const at = start + 4 * index;
    return new FlatTable(this.view, at + this.view.getUint32(at, true));
  }

  /** int64 `field` of element `index` in a vector of structs of `structSize` bytes. */
  vectorStructInt64(id: number, index: number, structSize: number, field: number): number {
    const { start } = this.vector(id);
    return Number(this.view.getBigInt64(start + index * structSize + 8 * field, true));
  }
}
