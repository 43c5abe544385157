import { EngineInputError, TrainingAbortedError } from '@aistudio/engine';
import type { ErrorSeen, WireError } from './protocol.js';

/** The fields of a thrown value that survive a postMessage. */
export function toWireError(error: unknown): WireError {
  if (error instanceof EngineInputError) {
    return { name: error.name, message: error.message, subject: error.subject };
  }
  if (error instanceof TrainingAbortedError) {
    return { name: error.name, message: error.message, iteration: error.iteration };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds the engine's error class on this side of the worker boundary. */
export function fromWireError(wire: WireError): Error {
  if (wire.name === 'EngineInputError' && wire.subject !== undefined) {
    const error = new EngineInputError(wire.subject, '');
    // The constructor prefixes the subject; keep the worker's message exactly as it was.
    error.message = wire.message;
    return error;
  }
  if (wire.name === 'AbortError' && wire.iteration !== undefined) {
    return new TrainingAbortedError(wire.iteration);
  }
  const error = new Error(wire.message);
  error.name = wire.name;
  return error;
}

/** Describes a rebuilt error in plain data, for a test to assert on. */
export function describeError(error: Error): ErrorSeen {
  if (error instanceof EngineInputError) {
    const { name, message, subject } = error;
    return { name, message, subject, instanceOf: 'EngineInputError' };
  }
  if (error instanceof TrainingAbortedError) {
    const { name, message, iteration } = error;
    return { name, message, iteration, instanceOf: 'TrainingAbortedError' };
  }
  return { name: error.name, message: error.message, instanceOf: 'Error' };
}
