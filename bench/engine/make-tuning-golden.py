"""Golden pruning decisions and TPE search quality from Optuna for packages/engine/src/__tests__/tuning-golden.test.ts.

Run: /usr/bin/python3 bench/engine/make-tuning-golden.py > packages/engine/src/__tests__/fixtures/tuning-optuna.json
(Optuna 3.1.0 from Debian: apt-get install python3-optuna.)

Pruning: event scripts (ask / report / tell, with trials interleaved as when they run
concurrently) and the decision Optuna's pruner gave after every report; pruners are deterministic,
so our decisions must match one for one. TPE: mean best value after a fixed budget over seeds,
for Optuna's TPE and random samplers (the draws cannot match, only the quality). Optuna 3.1's
truncated-normal log density leaves out the -log(scale) term (optuna issue #5109, fixed by PR
#5110), so TPE is also run with that fix patched in: "tpeFixedMeanBest", the reference for ours.
"""
import json
import math
import sys

import numpy as np
import optuna

COMMAND = "/usr/bin/python3 bench/engine/make-tuning-golden.py > packages/engine/src/__tests__/fixtures/tuning-optuna.json"
optuna.logging.set_verbosity(optuna.logging.ERROR)


def pruning_script(pruner_config, direction, n_trials, n_steps, concurrency, seed):
    rng = np.random.default_rng(seed)
    if pruner_config["type"] == "median":
        pruner = optuna.pruners.MedianPruner(
            n_startup_trials=pruner_config.get("nStartupTrials", 5),
            n_warmup_steps=pruner_config.get("nWarmupSteps", 0),
            n_min_trials=pruner_config.get("nMinTrials", 1),
        )
    else:
        pruner = optuna.pruners.SuccessiveHalvingPruner(
            min_resource=pruner_config.get("minResource", 1),
            reduction_factor=pruner_config.get("reductionFactor", 4),
            min_early_stopping_rate=pruner_config.get("minEarlyStoppingRate", 0),
        )
    study = optuna.create_study(direction=direction, pruner=pruner)
    events = []
    curves = []
    for _ in range(n_trials):
        a, b = rng.normal(), rng.uniform(0.5, 3)
        noise = rng.normal(scale=0.05, size=n_steps)
        curves.append([float(a + b / (s + 1) + noise[s]) for s in range(n_steps)])
    for group in range(0, n_trials, concurrency):
        members = list(range(group, min(group + concurrency, n_trials)))
        handles = {}
        for i in members:
            handles[i] = study.ask()
            events.append({"type": "ask", "trial": i})
        alive = list(members)
        for step in range(n_steps):
            for i in list(alive):
                value = curves[i][step]
                handles[i].report(value, step)
                decision = bool(handles[i].should_prune())
                events.append({"type": "report", "trial": i, "step": step, "value": value, "prune": decision})
                if decision:
                    study.tell(handles[i], state=optuna.trial.TrialState.PRUNED)
                    events.append({"type": "pruned", "trial": i})
                    alive.remove(i)
        for i in alive:
            study.tell(handles[i], curves[i][-1])
            events.append({"type": "complete", "trial": i, "value": curves[i][-1]})
    return {"pruner": pruner_config, "direction": direction, "events": events}


pruning = [
    pruning_script({"type": "median"}, "minimize", 30, 12, 1, 1),
    pruning_script({"type": "median", "nStartupTrials": 3, "nWarmupSteps": 2, "nMinTrials": 2}, "maximize", 30, 10, 3, 2),
    pruning_script({"type": "successiveHalving"}, "minimize", 40, 20, 1, 3),
    pruning_script({"type": "successiveHalving", "minResource": 2, "reductionFactor": 3, "minEarlyStoppingRate": 1}, "maximize", 40, 30, 4, 4),
    pruning_script({"type": "successiveHalving", "reductionFactor": 2}, "minimize", 25, 9, 2, 5),
]


def branin(p):
    x, y = p["x"], p["y"]
    return (y - 5.1 / (4 * math.pi ** 2) * x ** 2 + 5 / math.pi * x - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x) + 10


def mixed(p):
    # Optimum 0 at lr = 0.01, depth = 6, booster = 'b', alpha anything.
    return (math.log10(p["lr"]) + 2) ** 2 + 0.1 * (p["depth"] - 6) ** 2 + {"a": 1.0, "b": 0.0, "c": 0.5}[p["booster"]] + 0.01 * p["alpha"]


def suggest(trial, space):
    out = {}
    for name, spec in space.items():
        if spec["type"] == "uniform":
            out[name] = trial.suggest_float(name, spec["low"], spec["high"])
        elif spec["type"] == "logUniform":
            out[name] = trial.suggest_float(name, spec["low"], spec["high"], log=True)
        elif spec["type"] == "int":
            out[name] = trial.suggest_int(name, spec["low"], spec["high"], log=spec.get("log", False))
        else:
            out[name] = trial.suggest_categorical(name, spec["choices"])
    return out


problems = [
    ("branin", branin, {"x": {"type": "uniform", "low": -5, "high": 10}, "y": {"type": "uniform", "low": 0, "high": 15}}, 0.397887),
    ("mixed", mixed, {
        "lr": {"type": "logUniform", "low": 1e-4, "high": 1},
        "depth": {"type": "int", "low": 1, "high": 16},
        "booster": {"type": "categorical", "choices": ["a", "b", "c"]},
        "alpha": {"type": "uniform", "low": 0, "high": 10},
    }, 0.0),
]
from optuna.samplers._tpe import _truncnorm

shipped_logpdf = _truncnorm.logpdf


def fixed_logpdf(x, a, b, loc=0, scale=1):
    return shipped_logpdf(x, a, b, loc, scale) - np.log(scale)


def fixed_tpe(seed):
    _truncnorm.logpdf = fixed_logpdf
    return optuna.samplers.TPESampler(seed=seed)


def shipped_tpe(seed):
    _truncnorm.logpdf = shipped_logpdf
    return optuna.samplers.TPESampler(seed=seed)


TRIALS, SEEDS = 60, 20
search = []
for name, fn, space, optimum in problems:
    result = {"name": name, "space": space, "optimum": optimum, "trials": TRIALS, "seeds": SEEDS}
    for label, make in [("tpe", shipped_tpe), ("tpeFixed", fixed_tpe), ("random", lambda s: optuna.samplers.RandomSampler(seed=s))]:
        bests = []
        for seed in range(SEEDS):
            study = optuna.create_study(sampler=make(seed))
            study.optimize(lambda t: fn(suggest(t, space)), n_trials=TRIALS)
            bests.append(study.best_value)
        result[label + "MeanBest"] = float(np.mean(bests))
    search.append(result)

json.dump({
    "command": COMMAND,
    "versions": {"optuna": optuna.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
    "pruning": pruning,
    "search": search,
}, sys.stdout)
