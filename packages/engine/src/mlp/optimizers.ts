/** Moments of the optimizer; what a checkpoint must carry for a bit-identical resume. */
export interface OptimizerState {
  /** Adam: first moment; SGD: velocity. */
  readonly first: Float32Array;
  /** Adam: second moment; SGD: unused (empty). */
  readonly second: Float32Array;
  /** Updates done so far (Adam's bias correction depends on it). */
  step: number;
}

/** Settings of one update rule, as in scikit-learn's `AdamOptimizer` / `SGDOptimizer`. */
export type OptimizerSettings =
  | {
      readonly solver: 'adam';
      readonly learningRate: number;
      readonly beta1: number;
      readonly beta2: number;
      readonly epsilon: number;
    }
  | {
      readonly solver: 'sgd';
      readonly learningRate: number;
      readonly momentum: number;
      readonly nesterov: boolean;
    };

/** Zeroed moments for `size` parameters. */
export function createOptimizerState(solver: 'adam' | 'sgd', size: number): OptimizerState {
  return {
    first: new Float32Array(size),
    second: new Float32Array(solver === 'adam' ? size : 0),
    step: 0,
  };
}

/** Applies one update to `parameters` from `gradients`, in place. */
export function applyUpdate(
  settings: OptimizerSettings,
  state: OptimizerState,
  parameters: Float32Array,
  gradients: Float32Array,
): void {
  state.step++;
  if (settings.solver === 'adam') {
    const { beta1, beta2, epsilon } = settings;
    const m = state.first;
    const v = state.second;
    // scikit-learn folds both bias corrections into the step size.
    const rate =
      (settings.learningRate * Math.sqrt(1 - beta2 ** state.step)) / (1 - beta1 ** state.step);
    for (let i = 0; i < parameters.length; i++) {
      const g = gradients[i]!;
      const mi = beta1 * m[i]! + (1 - beta1) * g;
      const vi = beta2 * v[i]! + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      parameters[i] = parameters[i]! - (rate * mi) / (Math.sqrt(vi) + epsilon);
    }
    return;
  }
  const { learningRate, momentum, nesterov } = settings;
  const velocity = state.first;
  for (let i = 0; i < parameters.length; i++) {
    const g = gradients[i]!;
    const u = momentum * velocity[i]! - learningRate * g;
    velocity[i] = u;
    // Nesterov looks one momentum step ahead: the update uses the new velocity again.
    parameters[i] = parameters[i]! + (nesterov ? momentum * u - learningRate * g : u);
  }
}
