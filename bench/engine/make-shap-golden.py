"""Golden TreeSHAP values from XGBoost for packages/engine/src/__tests__/explain-shap-golden.test.ts.

Run: /usr/bin/python3 bench/engine/make-shap-golden.py > packages/engine/src/__tests__/fixtures/shap-xgboost.json

The `shap` package is not available offline (Debian has no python3-shap), but XGBoost's
`pred_contribs=True` is the same exact path-dependent TreeSHAP (cover = hessian sum). The trees
are dumped in a flat form our ShapTree interface reads: a row goes left when x < threshold
(XGBoost's rule, in float32), a missing value follows defaultLeft. XGBoost accumulates SHAP
values in float32, so tests compare with a float32-sized tolerance.
"""
import json
import sys

import numpy as np
import xgboost as xgb

COMMAND = "/usr/bin/python3 bench/engine/make-shap-golden.py > packages/engine/src/__tests__/fixtures/shap-xgboost.json"
rng = np.random.default_rng(11)
N_TRAIN, N_EXPLAIN, N_FEATURES = 600, 40, 5


def make_x(n):
    x = rng.normal(size=(n, N_FEATURES)).astype(np.float32)
    x[rng.random(size=x.shape) < 0.1] = np.nan
    return x


def flat_trees(booster):
    model = json.loads(booster.save_raw("json"))["learner"]["gradient_booster"]["model"]
    trees = []
    for t in model["trees"]:
        left = t["left_children"]
        is_leaf = [l == -1 for l in left]
        trees.append({
            "feature": [-1 if leaf else f for f, leaf in zip(t["split_indices"], is_leaf)],
            "left": left,
            "right": t["right_children"],
            "threshold": [0.0 if leaf else c for c, leaf in zip(t["split_conditions"], is_leaf)],
            "defaultLeft": [bool(d) for d in t["default_left"]],
            "value": [c if leaf else 0.0 for c, leaf in zip(t["split_conditions"], is_leaf)],
            "cover": t["sum_hessian"],
        })
    return trees, model["tree_info"]


def nullable(x):
    return [[None if np.isnan(v) else float(v) for v in row] for row in x]


cases = []
x_train = make_x(N_TRAIN)
x_explain = make_x(N_EXPLAIN)
signal = np.nan_to_num(x_train[:, 0]) * 2 + np.nan_to_num(x_train[:, 1]) ** 2 - np.nan_to_num(x_train[:, 2]) * np.nan_to_num(x_train[:, 0])
y_reg = signal + rng.normal(scale=0.3, size=N_TRAIN)
y_cls = np.digitize(signal, np.quantile(signal, [1 / 3, 2 / 3]))

for name, params, y, rounds in [
    ("regression-depth6", {"objective": "reg:squarederror", "max_depth": 6, "eta": 0.3, "base_score": 0.25}, y_reg, 15),
    ("multiclass-depth3", {"objective": "multi:softprob", "num_class": 3, "max_depth": 3, "eta": 0.3, "base_score": 0.5}, y_cls, 8),
]:
    booster = xgb.train({**params, "tree_method": "exact", "seed": 0}, xgb.DMatrix(x_train, label=y), rounds)
    d = xgb.DMatrix(x_explain)
    contribs = booster.predict(d, pred_contribs=True)
    margins = booster.predict(d, output_margin=True)
    k = params.get("num_class", 1)
    trees, tree_info = flat_trees(booster)
    cases.append({
        "name": name,
        "numOutputs": k,
        "baseScore": params["base_score"],
        "trees": trees,
        "treeOutput": tree_info,
        "rows": nullable(x_explain),
        "contribs": contribs.reshape(N_EXPLAIN, k, N_FEATURES + 1).tolist(),
        "margins": margins.reshape(N_EXPLAIN, k).tolist(),
    })

json.dump({
    "command": COMMAND,
    "versions": {"xgboost": xgb.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
    "cases": cases,
}, sys.stdout)
