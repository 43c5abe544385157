/**
 * scikit-learn's rule: stop when none of the last `nIterNoChange` validation losses beats the one
 * `nIterNoChange + 1` back by more than `tol`. `losses[0]` is the loss before the first tree.
 */
export function shouldStopEarly(
  losses: readonly number[],
  nIterNoChange: number,
  tol: number,
): boolean {
  if (losses.length < nIterNoChange + 1) return false;
  const reference = losses[losses.length - nIterNoChange - 1]! - tol;
  for (let i = losses.length - nIterNoChange; i < losses.length; i++) {
    if (losses[i]! < reference) return false;
  }
  return true;
}
