"""Writes the decision-tree and random-forest golden fixtures from scikit-learn.

Run from the repository root:
  /usr/bin/python3 bench/engine/make-forest-golden.py packages/engine/src/__tests__/fixtures
  npx prettier --write packages/engine/src/__tests__/fixtures/forest-*.json

The datasets ship with scikit-learn (BSD-3-Clause): breast cancer (binary), wine (3 classes) and
diabetes (regression, raw unscaled features). Each fixture holds the raw data, fixed 5-fold
assignments, and scikit-learn's RandomForest scores on those folds. The forest is random, so the
reference is the mean over several seeds; each seed's numbers are kept too. Single decision trees
are deterministic, so their training-row predictions and impurity importances are stored for an
exact comparison (on features with at most 255 distinct values, where binning loses nothing).
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

OUT = sys.argv[1]
COMMAND = (
    f"/usr/bin/python3 bench/engine/make-forest-golden.py {OUT}"
    f" && npx prettier --write {OUT}/forest-*.json"
)
SEEDS = [0, 1, 2, 3, 4]
N_TREES = 100
LICENSE = "Dataset shipped with scikit-learn (BSD-3-Clause)."


def folds(x, y, classification):
    splitter = (StratifiedKFold if classification else KFold)(5, shuffle=True, random_state=0)
    fold = np.zeros(len(y), dtype=int)
    for k, (_, test) in enumerate(splitter.split(x, y)):
        fold[test] = k
    return fold


def forest(classification, seed, **extra):
    cls = RandomForestClassifier if classification else RandomForestRegressor
    # scikit-learn >= 1.1 defaults: sqrt of the features per split for classification, all for regression.
    return cls(n_estimators=N_TREES, random_state=seed, n_jobs=2, **extra)


def cv_scores(x, y, fold, classification, seed, **extra):
    scores = []
    for k in range(5):
        train, test = fold != k, fold == k
        model = forest(classification, seed, **extra).fit(x[train], y[train])
        pred = model.predict(x[test])
        scores.append(accuracy_score(y[test], pred) if classification else r2_score(y[test], pred))
    return scores


def tree_case(x, y, columns, classification, max_depth, keep):
    cols = [i for i, c in enumerate(columns) if c in keep]
    cls = DecisionTreeClassifier if classification else DecisionTreeRegressor
    model = cls(max_depth=max_depth, random_state=0).fit(x[:, cols], y)
    out = model.predict_proba(x[:, cols]) if classification else model.predict(x[:, cols])
    t = model.tree_
    w, imp = t.weighted_n_node_samples, t.impurity
    # Weighted impurity decrease of every split, sorted: the same whichever of several tied
    # features (same partition of the rows) a tree picks.
    gains = sorted(
        float(w[i] * imp[i] - w[l] * imp[l] - w[r] * imp[r])
        for i, (l, r) in enumerate(zip(t.children_left, t.children_right))
        if l >= 0
    )
    return {
        "columns": [columns[i] for i in cols],
        "params": {"maxDepth": max_depth},
        "sklearn": f"{cls.__name__}(max_depth={max_depth}, random_state=0)",
        "leaves": int(model.get_n_leaves()),
        "predictions": np.asarray(out).reshape(len(y), -1).tolist(),
        "featureImportance": model.feature_importances_.tolist(),
        "splitGains": gains,
    }


def write(name, x, y, columns, classification, tree_keep):
    fold = folds(x, y, classification)
    per_seed = [cv_scores(x, y, fold, classification, s) for s in SEEDS]
    shallow = [cv_scores(x, y, fold, classification, s, max_depth=4, min_samples_leaf=3) for s in SEEDS]
    oob = [forest(classification, s, oob_score=True).fit(x, y).oob_score_ for s in SEEDS]
    fixture = {
        "command": COMMAND,
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
        "license": LICENSE,
        "dataset": name,
        "task": "classification" if classification else "regression",
        "metric": "accuracy" if classification else "r2",
        "columns": columns,
        "x": x.tolist(),
        "y": y.tolist(),
        "fold": fold.tolist(),
        "forest": {
            "sklearn": f"{'RandomForestClassifier' if classification else 'RandomForestRegressor'}"
            f"(n_estimators={N_TREES}, random_state=seed), defaults otherwise",
            "seeds": SEEDS,
            "cvScoresPerSeed": per_seed,
            "cvMean": float(np.mean(per_seed)),
            "shallow": {
                "params": {"maxDepth": 4, "minSamplesLeaf": 3},
                "cvScoresPerSeed": shallow,
                "cvMean": float(np.mean(shallow)),
            },
            "oobScorePerSeed": oob,
            "oobMean": float(np.mean(oob)),
        },
        "tree": tree_case(x, y, columns, classification, 4, tree_keep) if tree_keep else None,
    }
    with open(os.path.join(OUT, f"forest-{name}.json"), "w") as f:
        json.dump(fixture, f)
    print(name, fixture["forest"]["cvMean"], fixture["forest"]["shallow"]["cvMean"], fixture["forest"]["oobMean"])


def main():
    data = load_breast_cancer()
    cols = [str(c) for c in data.feature_names]
    # Every breast-cancer feature has over 255 distinct values: no exact tree case.
    write("breast-cancer", data.data, data.target.astype(float), cols, True, None)
    data = load_wine()
    cols = [str(c) for c in data.feature_names]
    write("wine", data.data, data.target.astype(float), cols, True, cols)
    data = load_diabetes(scaled=False)
    cols = [str(c) for c in data.feature_names]
    # s2 has 302 distinct values: dropped from the exact tree case only.
    write("diabetes", data.data, data.target.astype(float), cols, False, [c for c in cols if c != "s2"])


main()
