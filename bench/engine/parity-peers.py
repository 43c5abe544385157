"""Parity bench helper: the five real data sets, and scikit-learn's cross-validated scores on them.

Usage (run by bench/engine/parity.mjs, from the repository root):
  /usr/bin/python3 bench/engine/parity-peers.py data DIR
      writes DIR/datasets.json: penguins (node_modules/vega-datasets, CC0) and scikit-learn's
      breast cancer, wine, digits and diabetes (BSD-3-Clause), column by column.
  /usr/bin/python3 bench/engine/parity-peers.py fit DIR SEEDS
      reads DIR/datasets.json and DIR/folds.json (the engine's fold row indices, so both sides
      train and test on the same rows) and prints JSON: per data set and model, the score of
      every fold and the fit seconds summed over the folds (forests: per seed).

Hyperparameters match the engine run in parity.mjs; the pipelines match the engine's defaults
(trees: categories and missing values natively; linear: median imputation with missing
indicators, standardisation, one-hot with missing as all zeros).
"""
import json
import math
import os
import sys
import time

import numpy as np
import scipy
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_wine
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, r2_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PENGUINS = os.path.join(ROOT, "node_modules", "vega-datasets", "data", "penguins.json")
MISSING = "__missing__"


def numeric_dataset(name, task, bunch, license_):
    columns = [
        {"name": str(c), "kind": "numeric", "values": bunch.data[:, j].tolist()}
        for j, c in enumerate(bunch.feature_names)
    ]
    return {"name": name, "task": task, "license": license_, "columns": columns,
            "y": bunch.target.tolist()}


def penguins():
    with open(PENGUINS) as f:
        rows = [r for r in json.load(f) if r.get("Species") is not None]
    names = [k for k in rows[0].keys() if k != "Species"]
    columns = []
    for name in names:
        values = [r.get(name) for r in rows]
        kind = "categorical" if any(isinstance(v, str) for v in values) else "numeric"
        columns.append({"name": name, "kind": kind, "values": values})
    return {"name": "penguins", "task": "multiclass",
            "license": "vega-datasets penguins.json (CC0)", "columns": columns,
            "y": [r["Species"] for r in rows]}


def write_data(out_dir):
    sk = "Shipped with scikit-learn (BSD-3-Clause)."
    datasets = [
        penguins(),
        numeric_dataset("breast-cancer", "binary", load_breast_cancer(), sk),
        numeric_dataset("wine", "multiclass", load_wine(), sk),
        numeric_dataset("digits", "multiclass", load_digits(), sk),
        numeric_dataset("diabetes", "regression", load_diabetes(), sk),
    ]
    with open(os.path.join(out_dir, "datasets.json"), "w") as f:
        json.dump({"datasets": datasets}, f)


def frame(dataset):
    """Numeric matrix (NaN = missing) plus the categorical columns as strings."""
    numeric = [c for c in dataset["columns"] if c["kind"] == "numeric"]
    categorical = [c for c in dataset["columns"] if c["kind"] == "categorical"]
    x_num = np.array(
        [[math.nan if v is None else v for v in c["values"]] for c in numeric], dtype=float
    ).T.reshape(len(dataset["y"]), len(numeric))
    x_cat = np.array(
        [[MISSING if v is None else v for v in c["values"]] for c in categorical], dtype=object
    ).T.reshape(len(dataset["y"]), len(categorical))
    known = [sorted({v for v in c["values"] if v is not None}) for c in categorical]
    return x_num, x_cat, known


def design(x_num, x_cat, known):
    """One matrix: numeric columns first, then the categorical ones as ordinal codes (NaN = missing)."""
    if x_cat.shape[1] == 0:
        return x_num, []
    codes = OrdinalEncoder(
        categories=known, handle_unknown="use_encoded_value", unknown_value=np.nan
    ).fit_transform(x_cat)
    cat_idx = list(range(x_num.shape[1], x_num.shape[1] + x_cat.shape[1]))
    return np.hstack([x_num, codes]), cat_idx


def linear_pipeline(task, n_num, cat_idx, known):
    # The engine's linear default: median + missing indicators, standardise, one-hot (missing: zeros).
    numeric = make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler())
    parts = [("num", numeric, list(range(n_num)))]
    if cat_idx:
        codes = [list(range(len(k))) for k in known]
        parts.append(("cat", OneHotEncoder(categories=codes, handle_unknown="ignore"), cat_idx))
    estimator = (
        Ridge(alpha=1.0)
        if task == "regression"
        else LogisticRegression(C=1.0, max_iter=1000, tol=1e-4)
    )
    return make_pipeline(ColumnTransformer(parts), estimator)


def forest_pipeline(task, n_num, cat_idx, known, seed):
    # scikit-learn 1.2 forests take neither NaN nor categories: impute numbers, one-hot categories.
    parts = [("num", SimpleImputer(strategy="median"), list(range(n_num)))]
    if cat_idx:
        codes = [list(range(len(k))) for k in known]
        parts.append(("cat", OneHotEncoder(categories=codes, handle_unknown="ignore"), cat_idx))
    cls = RandomForestRegressor if task == "regression" else RandomForestClassifier
    return make_pipeline(ColumnTransformer(parts), cls(n_estimators=100, random_state=seed, n_jobs=1))


def gbdt(task, cat_idx):
    cls = HistGradientBoostingRegressor if task == "regression" else HistGradientBoostingClassifier
    return cls(
        max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=0,
        max_bins=255, early_stopping=False, categorical_features=cat_idx or None, random_state=0,
    )


def cross_validate(make, x, y, folds, task):
    scores, seconds = [], 0.0
    for fold in folds:
        train, test = np.array(fold["train"]), np.array(fold["test"])
        model = make()
        start = time.perf_counter()
        model.fit(x[train], y[train])
        seconds += time.perf_counter() - start
        pred = model.predict(x[test])
        scores.append(
            float(r2_score(y[test], pred) if task == "regression" else accuracy_score(y[test], pred))
        )
    return {"foldScores": scores, "fitSeconds": seconds}


def fit_peers(out_dir, seeds):
    with open(os.path.join(out_dir, "datasets.json")) as f:
        datasets = json.load(f)["datasets"]
    with open(os.path.join(out_dir, "folds.json")) as f:
        all_folds = json.load(f)
    results = {}
    for dataset in datasets:
        name, task = dataset["name"], dataset["task"]
        folds = all_folds[name]
        x_num, x_cat, known = frame(dataset)
        x, cat_idx = design(x_num, x_cat, known)
        y = np.array(dataset["y"], dtype=float) if task == "regression" else np.array(dataset["y"])
        n_num = x_num.shape[1]
        forest_runs = [
            cross_validate(
                lambda s=s: forest_pipeline(task, n_num, cat_idx, known, s), x, y, folds, task
            )
            for s in seeds
        ]
        results[name] = {
            "gbdt": cross_validate(lambda: gbdt(task, cat_idx), x, y, folds, task),
            "linear": cross_validate(
                lambda: linear_pipeline(task, n_num, cat_idx, known), x, y, folds, task
            ),
            "forest": {
                "seeds": seeds,
                "foldScoresPerSeed": [r["foldScores"] for r in forest_runs],
                "fitSeconds": sum(r["fitSeconds"] for r in forest_runs) / len(seeds),
            },
        }
    print(json.dumps({
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__},
        "models": {
            "gbdt": "HistGradientBoosting{Classifier,Regressor}(max_iter=100, learning_rate=0.1, "
                    "max_leaf_nodes=31, min_samples_leaf=20, max_bins=255, early_stopping=False, "
                    "categorical_features=ordinal codes)",
            "linear": "median SimpleImputer(add_indicator) + StandardScaler, OneHotEncoder; "
                      "LogisticRegression(C=1, max_iter=1000) / Ridge(alpha=1)",
            "forest": "median SimpleImputer, OneHotEncoder; RandomForest{Classifier,Regressor}"
                      "(n_estimators=100, random_state=seed), defaults otherwise",
        },
        "results": results,
    }))


if __name__ == "__main__":
    mode, directory = sys.argv[1], sys.argv[2]
    if mode == "data":
        write_data(directory)
    elif mode == "fit":
        fit_peers(directory, [int(s) for s in sys.argv[3].split(",")])
    else:
        raise SystemExit(f"unknown mode {mode}: use data or fit")
