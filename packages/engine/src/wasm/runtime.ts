// The engine compiles against ES2023 without DOM or Node types, which leave WebAssembly undeclared:
// these are the few members it uses, and `undefined` where a runtime has no WebAssembly at all.

/** A compiled module. */
export type WasmModule = object;

/** A linear memory; `buffer` is replaced (and the old one detached) if the memory grows. */
export interface WasmMemory {
  /** A SharedArrayBuffer when the memory was created `shared`. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** The WebAssembly global, as far as the engine uses it. */
export interface WasmRuntime {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }) => WasmMemory;
}

/** This runtime's WebAssembly, if it has one. */
export const wasmRuntime = (globalThis as { WebAssembly?: WasmRuntime }).WebAssembly;
