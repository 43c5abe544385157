/**
 * A minimal protocol-buffers writer: just what encoding an ONNX model needs (varints, 32-bit
 * floats, length-delimited bytes and messages, packed repeated numbers). Messages are built
 * bottom-up: a nested message is encoded first and embedded as bytes.
 */
export class ProtoWriter {
  #bytes = new Uint8Array(256);
  #length = 0;

  /** The encoded message. */
  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  /** An integer field (int32, int64, enum, bool) as a varint. */
  int(field: number, value: number): this {
    this.#tag(field, 0);
    this.#varint(value);
    return this;
  }

  /** A float field, as 32-bit little-endian. */
  float(field: number, value: number): this {
    this.#tag(field, 5);
    this.#float32(value);
    return this;
  }

  /** A string field (UTF-8). */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A bytes field, or an embedded message encoded by another writer. */
  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, 2);
    this.#varint(value.length);
    this.#reserve(value.length);
    this.#bytes.set(value, this.#length);
    this.#length += value.length;
    return this;
  }

  /** An embedded message. */
  message(field: number, message: ProtoWriter): this {
    return this.bytes(field, message.finish());
  }

  /** Repeated integers, packed (parsers of proto2 fields accept packed encoding too). */
  packedInts(field: number, values: ArrayLike<number>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.#varint(values[i]!);
    return this.bytes(field, inner.finish());
  }

  /** Repeated floats, packed. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.#float32(values[i]!);
    return this.bytes(field, inner.finish());
  }

  #tag(field: number, wireType: number): void {
    this.#varint(field * 8 + wireType);
  }

  // Negative numbers take ten bytes (two's complement over 64 bits), as protobuf specifies.
  #varint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    this.#reserve(10);
    if (value >= 0 && value < 0x80000000) {
      let v = value;
      while (v >= 0x80) {
        this.#bytes[this.#length++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.#bytes[this.#length++] = v;
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.#bytes[this.#length++] = byte;
    } while (v !== 0n);
  }

  #float32(value: number): void {
    this.#reserve(4);
    new DataView(this.#bytes.buffer).setFloat32(this.#length, value, true);
    this.#length += 4;
  }

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + extra));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }
}
