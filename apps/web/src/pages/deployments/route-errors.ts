/**
 * The problem's per-route messages by route index: the server names them `routes[1].version`
 * (its own checks) or `routes.1.weight` (schema validation). `rest` holds the other fields.
 */
export function routeErrorsByIndex(byField: Readonly<Record<string, string>>): {
  routes: Record<number, string>;
  rest: Record<string, string>;
} {
  const routes: Record<number, string> = {};
  const rest: Record<string, string> = {};
  for (const [field, message] of Object.entries(byField)) {
    const match = /^routes(?:\[(\d+)\]|\.(\d+))\.?(.*)$/.exec(field);
    if (match) routes[Number(match[1] ?? match[2])] ??= `${match[3] || 'route'}: ${message}`;
    else rest[field] = message;
  }
  return { routes, rest };
}
