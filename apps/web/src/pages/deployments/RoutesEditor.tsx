import type { RegisteredModel } from '@aistudio/contracts';
import { Plus, Trash2 } from 'lucide-react';
import { useModelVersions } from '../../api/models';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { addRouteWeights, rebalanceWeights, removeRouteWeights } from './traffic-split';

/** A route being edited: a model, a version number or alias (as text), and its percent. */
export interface RouteDraft {
  modelId: string;
  version: string;
  weight: number;
}

/** The routes as the API takes them: digits are version numbers, anything else an alias. */
export function routesBody(routes: readonly RouteDraft[]) {
  return routes.map((r) => ({
    modelId: r.modelId,
    version: /^\d+$/.test(r.version) ? Number(r.version) : r.version,
    weight: r.weight,
  }));
}

interface RoutesEditorProps {
  models: readonly RegisteredModel[];
  routes: readonly RouteDraft[];
  onChange: (routes: RouteDraft[]) => void;
  /** Per-route problems from the server, by route index. */
  errors?: Readonly<Record<number, string>>;
}

/**
 * Routes with a slider and a percent box each; moving one shares the rest among the others in
 * proportion, so the split always sums to 100.
 */
export function RoutesEditor({ models, routes, onChange, errors = {} }: RoutesEditorProps) {
  const weights = routes.map((r) => r.weight);
  const setWeight = (index: number, value: number) => {
    const next = rebalanceWeights(weights, index, value);
    onChange(routes.map((r, i) => ({ ...r, weight: next[i]! })));
  };
  const setRoute = (index: number, change: Partial<RouteDraft>) =>
    onChange(routes.map((r, i) => (i === index ? { ...r, ...change } : r)));
  const add = () => {
    const next = addRouteWeights(weights);
    const last = routes.at(-1);
    onChange([
      ...routes.map((r, i) => ({ ...r, weight: next[i]! })),
      { modelId: last?.modelId ?? models[0]?.id ?? '', version: '', weight: next.at(-1)! },
    ]);
  };
  const remove = (index: number) => {
    const next = removeRouteWeights(weights, index);
    onChange(routes.filter((_, i) => i !== index).map((r, i) => ({ ...r, weight: next[i]! })));
  };
  return (
    <div className="flex flex-col gap-3">
      <ol className="flex flex-col gap-3">
        {routes.map((route, index) => (
          <RouteRow
            key={index}
            index={index}
            route={route}
            models={models}
            error={errors[index]}
            removable={routes.length > 1}
            onRoute={(change) => setRoute(index, change)}
            onWeight={(value) => setWeight(index, value)}
            onRemove={() => remove(index)}
          />
        ))}
      </ol>
      <div className="flex items-center justify-between">
        <Button variant="secondary" size="sm" onClick={add} disabled={routes.length >= 10}>
          <Plus aria-hidden /> Add route
        </Button>
        <p className="text-xs text-zinc-500" aria-live="polite">
          Total {weights.reduce((s, w) => s + w, 0)} %
        </p>
      </div>
    </div>
  );
}

interface RouteRowProps {
  index: number;
  route: RouteDraft;
  models: readonly RegisteredModel[];
  error: string | undefined;
  removable: boolean;
  onRoute: (change: Partial<RouteDraft>) => void;
  onWeight: (value: number) => void;
  onRemove: () => void;
}

function RouteRow(props: RouteRowProps) {
  const { index, route, models, error, removable, onRoute, onWeight, onRemove } = props;
  const versions = useModelVersions(route.modelId);
  const model = models.find((m) => m.id === route.modelId);
  const ready = (versions.data ?? []).filter((v) => v.status === 'ready');
  const n = index + 1;
  return (
    <li
      className="grid grid-cols-1 items-center gap-2 rounded-md border border-zinc-200 p-3 sm:grid-cols-[1fr_9rem_1fr_5rem_auto]"
      aria-label={`Route ${n}`}
    >
      <Select
        aria-label={`Model of route ${n}`}
        value={route.modelId}
        onChange={(e) => onRoute({ modelId: e.target.value, version: '' })}
      >
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </Select>
      <Select
        aria-label={`Version of route ${n}`}
        value={route.version}
        onChange={(e) => onRoute({ version: e.target.value })}
      >
        <option value="" disabled>
          Pick a version
        </option>
        {Object.keys(model?.aliases ?? {}).map((alias) => (
          <option key={alias} value={alias}>
            {alias} (v{model!.aliases[alias]})
          </option>
        ))}
        {ready.map((v) => (
          <option key={v.id} value={String(v.version)}>
            v{v.version}
          </option>
        ))}
      </Select>
      <input
        type="range"
        min={0}
        max={100}
        step={1}
        value={route.weight}
        aria-label={`Traffic slider of route ${n}`}
        onChange={(e) => onWeight(Number(e.target.value))}
        className="w-full accent-zinc-900"
      />
      <div className="flex items-center gap-1">
        <Input
          type="number"
          min={0}
          max={100}
          step={1}
          aria-label={`Traffic percent of route ${n}`}
          value={route.weight}
          onChange={(e) => onWeight(Number(e.target.value))}
          className="tabular-nums"
        />
        <span className="text-sm text-zinc-500">%</span>
      </div>
      <Button
        variant="ghost"
        size="icon"
        aria-label={`Remove route ${n}`}
        disabled={!removable}
        onClick={onRemove}
      >
        <Trash2 aria-hidden />
      </Button>
      {error && <p className="text-xs font-medium text-red-600 sm:col-span-5">{error}</p>}
    </li>
  );
}
