"""MLP peers: the bench data set and timing of scikit-learn, and the golden fixture of the tests.

Bench:  /usr/bin/python3 bench/engine/mlp-peers.py OUT_DIR [N_SAMPLES=80000] [EPOCHS=5]
Golden: /usr/bin/python3 bench/engine/mlp-peers.py golden packages/engine/src/__tests__/fixtures/mlp-golden.json

Data: make_classification(n_samples, n_features=10, n_informative=6, random_state=7), the last
20% held out, standardised with the training rows' mean and deviation. Files: x-train.f64,
y-train.f64, x-test.f64, y-test.f64 (row-major). Prints one JSON object: {"peers": [...]}.
"""
import json
import os
import resource
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier



def golden(path):
    """Given the same float32-exact data and initial weights, sklearn's weights after a few
    full-batch steps (no shuffling, no momentum for SGD), so the engine can be checked step by step."""
    from sklearn.neural_network import MLPRegressor

    rng = np.random.RandomState(11)
    n, d = 40, 5
    x = rng.normal(size=(n, d)).astype(np.float32).astype(np.float64)
    w_true = rng.normal(size=d)
    score = x @ w_true + 0.3 * rng.normal(size=n)
    targets = {
        "binary": (score > 0).astype(np.float64),
        "multiclass": np.digitize(score, np.quantile(score, [1 / 3, 2 / 3])).astype(np.float64),
        "regression": np.round(score, 3),
    }
    cases = [
        dict(name="binary-relu-sgd", objective="binary", hidden=[6, 4], activation="relu",
             solver="sgd", lr=0.1, alpha=1e-3, epochs=1),
        dict(name="multiclass-tanh-adam", objective="multiclass", hidden=[5], activation="tanh",
             solver="adam", lr=0.01, alpha=1e-4, epochs=3),
        dict(name="regression-sigmoid-sgd", objective="regression", hidden=[4],
             activation="sigmoid", solver="sgd", lr=0.05, alpha=1e-2, epochs=2),
    ]
    out = {
        "command": "/usr/bin/python3 bench/engine/mlp-peers.py golden "
        "packages/engine/src/__tests__/fixtures/mlp-golden.json",
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "x": x.ravel().tolist(), "numRows": n, "numCols": d, "cases": [],
    }
    for case in cases:
        y = targets[case["objective"]]
        outputs = 3 if case["objective"] == "multiclass" else 1
        sizes = [d] + case["hidden"] + [outputs]
        init = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = np.sqrt(6 / (fan_in + fan_out))
            w = rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32).astype(np.float64)
            b = rng.uniform(-bound, bound, fan_out).astype(np.float32).astype(np.float64)
            init.append((w, b))
        cls = MLPRegressor if case["objective"] == "regression" else MLPClassifier
        activation = "logistic" if case["activation"] == "sigmoid" else case["activation"]
        model = cls(
            hidden_layer_sizes=case["hidden"], activation=activation, solver=case["solver"],
            learning_rate_init=case["lr"], alpha=case["alpha"], batch_size=n, max_iter=1,
            shuffle=False, momentum=0.0, nesterovs_momentum=False, warm_start=True,
            n_iter_no_change=1000, random_state=0,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(x, y)  # only to set up sklearn's internals; the weights are replaced next
            model.coefs_ = [w.copy() for w, _ in init]
            model.intercepts_ = [b.copy() for _, b in init]
            before = model.predict(x) if cls is MLPRegressor else model.predict_proba(x)
            if case["objective"] == "binary":
                before = before[:, 1]
            model.set_params(max_iter=case["epochs"])
            model.fit(x, y)
        out["cases"].append({
            **case, "y": y.tolist(), "sizes": sizes,
            "initial": [{"weights": w.ravel().tolist(), "biases": b.tolist()} for w, b in init],
            "predictionsBefore": np.asarray(before).ravel().tolist(),
            "lossCurve": model.loss_curve_[-case["epochs"]:],
            "after": [{"weights": w.ravel().tolist(), "biases": b.tolist()}
                      for w, b in zip(model.coefs_, model.intercepts_)],
        })
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if sys.argv[1] == "golden":
    golden(sys.argv[2])
    sys.exit(0)

out_dir = sys.argv[1]
n_samples = int(sys.argv[2]) if len(sys.argv) > 2 else 80000
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
x, y = make_classification(n_samples=n_samples, n_features=10, n_informative=6, random_state=7)
n_train = int(round(n_samples * 0.8))
mean, std = x[:n_train].mean(axis=0), x[:n_train].std(axis=0)
x = (x - mean) / std
os.makedirs(out_dir, exist_ok=True)
for name, values in [
    ("x-train", x[:n_train]), ("y-train", y[:n_train]), ("x-test", x[n_train:]), ("y-test", y[n_train:]),
]:
    np.ascontiguousarray(values, dtype=np.float64).tofile(os.path.join(out_dir, name + ".f64"))

x_train, y_train, x_test, y_test = x[:n_train], y[:n_train], x[n_train:], y[n_train:]
runs = []
for seed in range(3):
    model = MLPClassifier(
        hidden_layer_sizes=(64, 64), solver="adam", batch_size=200, max_iter=epochs,
        random_state=seed, shuffle=True,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start, cpu = time.perf_counter(), time.process_time()
        model.fit(x_train, y_train)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    runs.append({"fitSeconds": seconds, "cpuSeconds": cpu,
                 "accuracy": float(model.score(x_test, y_test))})
best = min(runs, key=lambda r: r["fitSeconds"])
print(json.dumps({"peers": [{
    "library": "scikit-learn MLPClassifier (float64, OpenBLAS)",
    "version": sklearn.__version__,
    "fitSeconds": round(best["fitSeconds"], 3),
    "fitSecondsAll": [round(r["fitSeconds"], 3) for r in runs],
    "cpuSeconds": round(min(r["cpuSeconds"] for r in runs), 3),
    "accuracy": round(float(np.mean([r["accuracy"] for r in runs])), 4),
    "accuracyAll": [r["accuracy"] for r in runs],
    "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}]}))
