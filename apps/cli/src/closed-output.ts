/**
 * What this process does when its stdout or stderr reader goes away (`aistudio runs list | head`,
 * a log shipper that restarts): without a handler the write error kills the process.
 */
export function handleClosedOutput(whenClosed: 'keep-running' | 'exit'): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      // A server keeps serving without its log reader; a one-shot command has nobody left to tell.
      if (whenClosed === 'exit') process.exit(0);
    });
  }
}
