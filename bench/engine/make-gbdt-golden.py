"""Writes the GBDT golden fixture: a synthetic dataset plus scikit-learn's held-out metrics on it.

Run from the repository root:
  /usr/bin/python3 bench/engine/make-gbdt-golden.py packages/engine/src/__tests__/fixtures/gbdt-golden.json
  npx prettier --write packages/engine/src/__tests__/fixtures/gbdt-golden.json
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import accuracy_score, log_loss, mean_absolute_error, mean_squared_error, roc_auc_score

N_ROWS, N_TRAIN = 2000, 1500
COMMAND = f"/usr/bin/python3 bench/engine/make-gbdt-golden.py {sys.argv[1]} && npx prettier --write {sys.argv[1]}"
PARAMS = dict(
    max_iter=100,
    learning_rate=0.1,
    max_leaf_nodes=31,
    min_samples_leaf=20,
    l2_regularization=0.0,
    early_stopping=False,
    random_state=0,
)


def make_data(rng):
    x = rng.normal(size=(N_ROWS, 6))
    x[:, 5] = rng.integers(0, 10, size=N_ROWS)  # few distinct values
    x[rng.random(N_ROWS) < 0.10, 2] = np.nan
    x[rng.random(N_ROWS) < 0.15, 4] = np.nan
    x = np.round(x, 5)
    x2 = np.where(np.isnan(x[:, 2]), 1.5, x[:, 2])  # missingness carries signal
    x4 = np.nan_to_num(x[:, 4], nan=0.0)
    signal = 2 * np.sin(x[:, 0]) + 0.5 * x[:, 1] ** 2 + x2 + x[:, 3] * x4 + 0.2 * x[:, 5]
    y_reg = np.round(signal + rng.normal(scale=0.3, size=N_ROWS), 5)
    logit = 1.5 * x[:, 0] - x[:, 1] * np.where(np.isnan(x[:, 2]), -1.0, x[:, 2]) + 0.3 * (x[:, 5] - 4.5)
    y_bin = (rng.random(N_ROWS) < 1 / (1 + np.exp(-logit))).astype(float)
    # Three classes cut from a noisy score at its terciles.
    score = x[:, 0] + np.abs(x[:, 1]) - 0.5 * x4 + rng.normal(scale=0.5, size=N_ROWS)
    y_multi = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3])).astype(float)
    # Heavy-tailed noise: where the absolute error beats the squared error.
    y_heavy = np.round(signal + rng.standard_t(df=1.5, size=N_ROWS), 5)
    # A 12-level category whose effect has no order: needs native categorical splits.
    category = rng.integers(0, 12, size=N_ROWS)
    effect = np.array([3, -2, 0, 1, -3, 2, 0, -1, 3, -2, 1, 0], dtype=float)
    y_cat = np.round(effect[category] + 0.5 * x[:, 0] + rng.normal(scale=0.3, size=N_ROWS), 5)
    return x, y_reg, y_bin, y_multi, y_heavy, category, y_cat


def main():
    x, y_reg, y_bin, y_multi, y_heavy, category, y_cat = make_data(np.random.default_rng(42))
    tr, te = slice(0, N_TRAIN), slice(N_TRAIN, N_ROWS)
    reg = HistGradientBoostingRegressor(**PARAMS).fit(x[tr], y_reg[tr])
    rmse = float(np.sqrt(mean_squared_error(y_reg[te], reg.predict(x[te]))))
    clf = HistGradientBoostingClassifier(**PARAMS).fit(x[tr], y_bin[tr])
    proba = clf.predict_proba(x[te])[:, 1]
    multi = HistGradientBoostingClassifier(**PARAMS).fit(x[tr], y_multi[tr])
    multi_proba = multi.predict_proba(x[te])
    absolute = HistGradientBoostingRegressor(loss="absolute_error", **PARAMS).fit(x[tr], y_heavy[tr])
    xc = np.column_stack([category, x[:, 0]])
    cat = HistGradientBoostingRegressor(categorical_features=[0], **PARAMS).fit(xc[tr], y_cat[tr])
    fixture = {
        "command": COMMAND,
        "sklearn": sklearn.__version__,
        "params": {k: v for k, v in PARAMS.items() if k != "random_state"},
        "nTrain": N_TRAIN,
        "columns": [f"x{i}" for i in range(6)],
        # Row-major features; null = missing.
        "rows": [[None if np.isnan(v) else float(v) for v in row] for row in x],
        "yRegression": [float(v) for v in y_reg],
        "yBinary": [int(v) for v in y_bin],
        "yMulticlass": [int(v) for v in y_multi],
        "yHeavyTailed": [float(v) for v in y_heavy],
        "category": [f"c{v}" for v in category],
        "yCategorical": [float(v) for v in y_cat],
        "regression": {"rmse": rmse},
        "multiclass": {
            "logLoss": float(log_loss(y_multi[te], multi_proba)),
            "accuracy": float(accuracy_score(y_multi[te], multi_proba.argmax(axis=1))),
        },
        "absolute": {"mae": float(mean_absolute_error(y_heavy[te], absolute.predict(x[te])))},
        "categorical": {"rmse": float(np.sqrt(mean_squared_error(y_cat[te], cat.predict(xc[te]))))},
        "binary": {
            "logLoss": float(log_loss(y_bin[te], proba)),
            "auc": float(roc_auc_score(y_bin[te], proba)),
        },
    }
    with open(sys.argv[1], "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print(json.dumps({k: fixture[k] for k in ("regression", "binary", "multiclass", "absolute", "categorical")}))


if __name__ == "__main__":
    main()
