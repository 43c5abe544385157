import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressReporter } from '../progress-reporter.js';

/** A stderr stand-in that records what was written, with a clock the test moves by hand. */
function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  let now = 0;
  return {
    stream: { isTTY, columns: 60, write: (text: string) => writes.push(text) },
    writes,
    clock: { now: () => now, advance: (ms: number) => (now += ms) },
  };
}

describe('ProgressReporter', () => {
  it('writes one plain line per tenth of the work when stderr is not a terminal', () => {
    const { stream, writes, clock } = fakeStream(false);
    const progress = new ProgressReporter(stream, 'gbdt', { now: clock.now });
    for (let i = 1; i <= 100; i++) {
      clock.advance(10);
      progress.update(i, 100, `loss ${(1 / i).toFixed(3)}`);
    }
    expect(writes).toHaveLength(10);
    expect(writes[0]).toBe('gbdt  10/100  loss 0.100  ETA 810ms\n');
    expect(writes[9]).toBe('gbdt  100/100  loss 0.010  990ms\n');
    expect(writes.join('')).not.toContain('\r');
  });

  it('redraws one bar in place on a terminal, at most ten times a second', () => {
    const { stream, writes, clock } = fakeStream(true);
    const progress = new ProgressReporter(stream, 'mlp', { now: clock.now });
    for (let i = 1; i <= 40; i++) {
      clock.advance(20);
      progress.update(i, 40, '');
    }
    progress.finish();
    // 800 ms of work: the first draw, one per 100 ms after it, and the final 40/40.
    const draws = writes.filter((w) => w.startsWith('\r\x1b[2K'));
    expect(draws.length).toBeGreaterThanOrEqual(8);
    expect(draws.length).toBeLessThanOrEqual(10);
    expect(draws.at(-1)).toBe(`\r\x1b[2Kmlp  [${'█'.repeat(24)}]  40/40  780ms`);
    expect(writes.at(-1)).toBe('\n');
  });

  it('clears the bar before a log line and keeps lines within the terminal width', () => {
    const { stream, writes, clock } = fakeStream(true);
    const progress = new ProgressReporter(stream, 'auto', {
      now: clock.now,
      count: formatDuration,
    });
    clock.advance(1);
    progress.update(1500, 60_000, 'best accuracy 0.9812 and a long detail that does not fit');
    progress.log('trial 1: gbdt  accuracy 0.9812  1.5s');
    expect(writes[0]!.length).toBeLessThanOrEqual('\r\x1b[2K'.length + 59);
    expect(writes[0]).toContain('1.5s/1m00s');
    expect(writes.slice(1)).toEqual(['\r\x1b[2K', 'trial 1: gbdt  accuracy 0.9812  1.5s\n']);
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850ms'],
    [12_345, '12.3s'],
    [245_000, '4m05s'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
