import type { DeploymentRoute } from '@aistudio/contracts';

/**
 * The route that answers a request, drawn by weight from a per-request seed: the first 32 bits of
 * the prediction id (a random UUID), so the draw is uniform and can be replayed from the id.
 */
export function pickRoute(
  routes: readonly DeploymentRoute[],
  predictionId: string,
): DeploymentRoute {
  if (routes.length === 1) return routes[0]!; // weights sum to 100: the only route takes all
  // The first 8 characters of a UUID are hex digits, before its first dash.
  const seed = Number.parseInt(predictionId.slice(0, 8), 16);
  const point = (seed / 2 ** 32) * 100;
  let upTo = 0;
  for (const route of routes) {
    upTo += route.weight;
    if (point < upTo) return route;
  }
  // Weights sum to 100, so only rounding can get here: the last route that takes traffic answers.
  return routes.findLast((r) => r.weight > 0) ?? routes[0]!;
}
