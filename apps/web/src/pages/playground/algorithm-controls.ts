import type { Algorithm, Task } from '@aistudio/contracts';

/** One hyperparameter the forms offer: the engine's name, its default and the range it accepts. */
export interface ParamControl {
  readonly name: string;
  readonly label: string;
  /** What turning it up does, in one line. */
  readonly help: string;
  /** The engine's default, shown as the placeholder (null: unlimited); an empty field sends nothing. */
  readonly defaultValue: number | boolean | null;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** Only offered for these tasks (e.g. `C` is for classification only). */
  readonly tasks?: readonly Task[];
  /** Sent to the engine as `[n]` (one hidden layer of n units). */
  readonly asLayerSizes?: boolean;
}

/** An algorithm as the forms present it. */
export interface AlgorithmChoice {
  readonly id: Algorithm;
  readonly label: string;
  readonly about: string;
  /** GBDT and MLP write checkpoints: they can pause and resume with the same final model. */
  readonly pausable: boolean;
  readonly controls: readonly ParamControl[];
}

const classification: readonly Task[] = ['binary', 'multiclass'];

// Defaults are the engine's (packages/engine/src/*/params.ts); the ranges are a sane subset of what it accepts.
export const ALGORITHMS: readonly AlgorithmChoice[] = [
  {
    id: 'gbdt',
    label: 'Gradient-boosted trees',
    about:
      'Adds small trees one at a time, each fixing the errors of the ones before. Strong on tables.',
    pausable: true,
    controls: [
      {
        name: 'nIter',
        label: 'Trees (iterations)',
        help: 'More trees fit the training rows closer; too many overfit.',
        defaultValue: 100,
        min: 1,
        max: 5000,
        step: 1,
      },
      {
        name: 'learningRate',
        label: 'Learning rate',
        help: 'How much each tree corrects; smaller needs more trees but generalises better.',
        defaultValue: 0.1,
        min: 0.001,
        max: 1,
        step: 0.001,
      },
      {
        name: 'numLeaves',
        label: 'Leaves per tree',
        help: 'Larger trees capture more interactions between columns.',
        defaultValue: 31,
        min: 2,
        max: 1024,
        step: 1,
      },
      {
        name: 'minSamplesLeaf',
        label: 'Rows per leaf (min)',
        help: 'Larger values smooth the model and fight overfitting on small data.',
        defaultValue: 20,
        min: 1,
        max: 10000,
        step: 1,
      },
      {
        name: 'l2',
        label: 'L2 regularisation',
        help: 'Shrinks leaf values toward zero.',
        defaultValue: 0,
        min: 0,
        max: 1000,
        step: 0.1,
      },
      {
        name: 'earlyStopping',
        label: 'Validation curve and early stopping',
        help: 'Holds 10 % of the training rows out, draws their loss, and stops after 10 trees without improvement. Default: on above 10,000 rows.',
        defaultValue: false,
      },
    ],
  },
  {
    id: 'forest',
    label: 'Random forest',
    about: 'Averages many deep trees, each grown on a bootstrap sample. Robust with little tuning.',
    pausable: false,
    controls: [
      {
        name: 'nTrees',
        label: 'Trees',
        help: 'More trees give steadier predictions and take longer.',
        defaultValue: 100,
        min: 1,
        max: 1000,
        step: 1,
      },
      {
        name: 'maxDepth',
        label: 'Maximum depth',
        help: 'Empty means unlimited; shallower trees are simpler.',
        defaultValue: null,
        min: 1,
        max: 100,
        step: 1,
      },
      {
        name: 'minSamplesLeaf',
        label: 'Rows per leaf (min)',
        help: 'Larger values smooth each tree.',
        defaultValue: 1,
        min: 1,
        max: 10000,
        step: 1,
      },
    ],
  },
  {
    id: 'tree',
    label: 'Decision tree',
    about: 'One tree of yes/no questions: easy to read, quick to overfit.',
    pausable: false,
    controls: [
      {
        name: 'maxDepth',
        label: 'Maximum depth',
        help: 'Empty means unlimited; a depth of 3–5 stays readable.',
        defaultValue: null,
        min: 1,
        max: 100,
        step: 1,
      },
      {
        name: 'minSamplesLeaf',
        label: 'Rows per leaf (min)',
        help: 'Larger values give fewer, surer leaves.',
        defaultValue: 1,
        min: 1,
        max: 10000,
        step: 1,
      },
    ],
  },
  {
    id: 'linear',
    label: 'Linear / logistic regression',
    about: 'A weighted sum of the (standardised, one-hot) columns. A fast, explainable baseline.',
    pausable: false,
    controls: [
      {
        name: 'C',
        label: 'C (inverse penalty)',
        help: 'Larger C fits the training rows closer.',
        defaultValue: 1,
        min: 0.0001,
        max: 10000,
        step: 0.01,
        tasks: classification,
      },
      {
        name: 'alpha',
        label: 'Penalty strength',
        help: 'Larger alpha shrinks the weights more.',
        defaultValue: 1,
        min: 0,
        max: 10000,
        step: 0.01,
        tasks: ['regression'],
      },
      {
        name: 'maxIter',
        label: 'Solver iterations (max)',
        help: 'Raise it if the solver stops before converging.',
        defaultValue: 100,
        min: 1,
        max: 100000,
        step: 1,
      },
    ],
  },
  {
    id: 'mlp',
    label: 'Neural network (MLP)',
    about: 'One hidden layer of units trained with Adam on standardised inputs.',
    pausable: true,
    controls: [
      {
        name: 'hiddenLayerSizes',
        label: 'Hidden units',
        help: 'More units can learn more complex shapes and overfit sooner.',
        defaultValue: 100,
        min: 1,
        max: 4096,
        step: 1,
        asLayerSizes: true,
      },
      {
        name: 'learningRate',
        label: 'Learning rate',
        help: 'Adam step size; too large makes the loss jump.',
        defaultValue: 0.001,
        min: 0.00001,
        max: 1,
        step: 0.0001,
      },
      {
        name: 'maxEpochs',
        label: 'Epochs (max)',
        help: 'Passes over the training rows.',
        defaultValue: 200,
        min: 1,
        max: 10000,
        step: 1,
      },
      {
        name: 'alpha',
        label: 'L2 penalty',
        help: 'Weight decay; larger values fight overfitting.',
        defaultValue: 0.0001,
        min: 0,
        max: 10,
        step: 0.0001,
      },
      {
        name: 'earlyStopping',
        label: 'Validation curve and early stopping',
        help: 'Holds 10 % of the training rows out, draws their loss, and stops after 10 epochs without improvement.',
        defaultValue: false,
      },
    ],
  },
];

/** The algorithm's entry; GBDT for an unknown id. */
export function algorithmChoice(id: Algorithm): AlgorithmChoice {
  return ALGORITHMS.find((a) => a.id === id) ?? ALGORITHMS[0]!;
}

/** The controls that apply to a task (all of them while the task is still to be detected). */
export function controlsFor(algorithm: Algorithm, task: Task | null): readonly ParamControl[] {
  return algorithmChoice(algorithm).controls.filter(
    (c) => !c.tasks || task === null || c.tasks.includes(task),
  );
}

/** Form values (text of number fields, checkbox states) as keyed by control name. */
export type ParamValues = Readonly<Record<string, string | boolean>>;

/** A checked problem with one field, named by the control. */
export interface ParamProblem {
  readonly name: string;
  readonly message: string;
}

/**
 * The engine parameters the form asks for: empty fields are left out (the engine's default
 * applies), numbers are checked against the control's range.
 */
export function paramsFromForm(
  controls: readonly ParamControl[],
  values: ParamValues,
): { params: Record<string, number | boolean | number[]>; problems: ParamProblem[] } {
  const params: Record<string, number | boolean | number[]> = {};
  const problems: ParamProblem[] = [];
  for (const control of controls) {
    const value = values[control.name];
    if (typeof control.defaultValue === 'boolean') {
      if (typeof value === 'boolean') params[control.name] = value;
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') continue;
    const number = Number(value);
    const { min = -Infinity, max = Infinity } = control;
    if (!Number.isFinite(number) || number < min || number > max) {
      problems.push({ name: control.name, message: `must be a number from ${min} to ${max}` });
      continue;
    }
    if (Number.isInteger(control.step) && !Number.isInteger(number)) {
      problems.push({ name: control.name, message: 'must be a whole number' });
      continue;
    }
    params[control.name] = control.asLayerSizes ? [number] : number;
  }
  return { params, problems };
}
