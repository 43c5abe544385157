/**
 * A failure the user can act on: main prints its message as one line (never a stack) and exits
 * with `exitCode` — 2 for a bad command line, 1 for bad data or a failed operation, 130 (the
 * shell's code for SIGINT) when the user interrupted.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 130 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
