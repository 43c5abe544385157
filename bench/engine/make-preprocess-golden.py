"""Writes the preprocessing golden fixture: small inputs plus scikit-learn's outputs on them.

Run from the repository root:
  /usr/bin/python3 bench/engine/make-preprocess-golden.py packages/engine/src/__tests__/fixtures/preprocess-golden.json
  npx prettier --write packages/engine/src/__tests__/fixtures/preprocess-golden.json
"""
import json
import sys

import numpy as np
import scipy
import sklearn
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
from sklearn.feature_selection import VarianceThreshold
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, PolynomialFeatures, StandardScaler

COMMAND = (
    f"/usr/bin/python3 bench/engine/make-preprocess-golden.py {sys.argv[1]}"
    f" && npx prettier --write {sys.argv[1]}"
)


def cells(a):
    """Row-major nested lists; NaN becomes null."""
    return [[None if isinstance(v, float) and np.isnan(v) else v for v in row] for row in a.tolist()]


def numeric_data(rng):
    x = np.round(rng.normal(loc=[0, 5, -3, 0], scale=[1, 10, 0.5, 1], size=(40, 4)), 3)
    x[:, 3] = rng.integers(0, 5, size=40)  # few values: ties for the mode and the median
    x[rng.random(40) < 0.15, 0] = np.nan
    x[rng.random(40) < 0.2, 3] = np.nan
    x[:, 2] = np.round(x[:, 2], 1)
    return x


def imputers(x):
    out = {}
    for strategy in ["mean", "median", "most_frequent"]:
        imp = SimpleImputer(strategy=strategy).fit(x)
        out[strategy] = {"statistics": imp.statistics_.tolist(), "output": cells(imp.transform(x))}
    ind = SimpleImputer(strategy="median", add_indicator=True).fit(x)
    out["medianWithIndicator"] = {"output": cells(ind.transform(x))}
    # Strings: a tie for the most frequent category goes to the smallest string.
    s = np.array([["b"], ["a"], [np.nan], ["c"], ["b"], ["a"], ["c"], [np.nan], ["Z"]], dtype=object)
    simp = SimpleImputer(strategy="most_frequent").fit(s)
    out["categorical"] = {
        "input": [None if v is np.nan else v for v in s[:, 0]],
        "statistic": simp.statistics_[0],
    }
    return out


def one_hot(rng):
    values = ["red"] * 7 + ["blue"] * 5 + ["green"] * 5 + ["amber"] * 2 + ["violet"] * 2 + ["teal"]
    train = np.array(values, dtype=object)[rng.permutation(len(values))].reshape(-1, 1)
    test = np.array(["blue", "teal", "pink", "red", "amber", "violet", "zzz"], dtype=object).reshape(-1, 1)
    out = {"train": train[:, 0].tolist(), "test": test[:, 0].tolist(), "cases": []}
    # max_categories=1 is left out: 1.2.1 keeps every category then (fixed in 1.3, which puts all
    # of them in the infrequent column, as we do); 6 = the number of categories still merges one.
    for max_categories, handle_unknown in [(None, "ignore"), (3, "infrequent_if_exist"), (3, "ignore"), (6, "infrequent_if_exist")]:
        enc = OneHotEncoder(max_categories=max_categories, handle_unknown=handle_unknown, sparse_output=False)
        enc.fit(train)
        out["cases"].append(
            {
                "maxCategories": max_categories,
                "handleUnknown": handle_unknown,
                "names": enc.get_feature_names_out(["color"]).tolist(),
                "train": enc.transform(train).tolist(),
                "test": enc.transform(test).tolist(),
            }
        )
    return out


def text():
    train = [
        "The quick brown fox jumps over the lazy dog",
        "the DOG barks; the fox runs",
        "Café au lait, naïve résumé: déjà vu",
        "snake_case and camelCase words_2024 x y z",
        "a b c dd ee ff dd dd",
        "",
        "Numbers 42 and 3.14 and ½ ²² ①②",
        "über Straße ÜBER straße",
        "dog dog dog cat cat bird",
        "Ελληνικά κείμενα και русский текст",
        "fox fox quick quick quick",
        "lazy dog sleeps; quick fox does not",
    ]
    test = ["quick new fox", "unknown words only", "", "DOG cat über"]
    cases = []
    for name, params in [
        ("defaults", {}),
        ("sublinear", {"sublinear_tf": True}),
        ("minDf2Bigrams", {"min_df": 2, "ngram_range": (1, 2)}),
        ("maxFeatures", {"max_features": 6, "max_df": 0.5}),
        ("noIdfL1", {"use_idf": False, "norm": "l1"}),
    ]:
        vec = TfidfVectorizer(**params).fit(train)
        cases.append(
            {
                "name": name,
                "params": {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()},
                "vocabulary": vec.get_feature_names_out().tolist(),
                "idf": vec.idf_.tolist() if vec.use_idf else None,
                "train": vec.transform(train).toarray().tolist(),
                "test": vec.transform(test).toarray().tolist(),
            }
        )
    hashing = HashingVectorizer(n_features=16).transform(train + test).toarray().tolist()
    hashing_plain = HashingVectorizer(n_features=7, alternate_sign=False, norm=None)
    return {
        "train": train,
        "test": test,
        "tfidf": cases,
        "hashing16": hashing,
        "hashing7Counts": hashing_plain.transform(train + test).toarray().tolist(),
    }


def main():
    rng = np.random.default_rng(7)
    x = numeric_data(rng)
    poly_x = np.round(rng.normal(size=(6, 3)), 3)
    standard = StandardScaler().fit(x)
    minmax = MinMaxScaler(feature_range=(-1, 2)).fit(x)
    var_x = np.column_stack([x[:, 0], np.full(40, 2.5), x[:, 2], np.round(x[:, 1] / 100, 4), x[:, 3]])
    fixture = {
        "command": COMMAND,
        "versions": {
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        "numeric": {"columns": ["a", "b", "c", "d"], "rows": cells(x)},
        "standardScaler": {
            "mean": standard.mean_.tolist(),
            "scale": standard.scale_.tolist(),
            "output": cells(standard.transform(x)),
        },
        "minMaxScaler": {"range": [-1, 2], "output": cells(minmax.transform(x))},
        "imputer": imputers(x),
        "polynomial": {
            "rows": cells(poly_x),
            "cases": [
                {
                    "degree": d,
                    "interactionOnly": io,
                    "includeBias": bias,
                    "names": p.get_feature_names_out(["a", "b", "c"]).tolist(),
                    "output": p.transform(poly_x).tolist(),
                }
                for d, io, bias in [(2, False, False), (3, False, True), (3, True, False)]
                for p in [PolynomialFeatures(degree=d, interaction_only=io, include_bias=bias).fit(poly_x)]
            ],
        },
        "oneHot": one_hot(rng),
        "text": text(),
        "varianceThreshold": {
            "columns": ["a", "const", "c", "tiny", "d"],
            "rows": cells(var_x),
            "cases": [
                {"threshold": t, "kept": VarianceThreshold(threshold=t).fit(var_x).get_support().tolist()}
                for t in [0.0, 0.05, 0.3]
            ],
            "variances": VarianceThreshold().fit(var_x).variances_.tolist(),
        },
    }
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False)


main()
