# Golden values for the drift statistics, computed with Debian's python3-scipy (1.10.1).
# Regenerate: /usr/bin/python3 packages/engine/src/drift/__tests__/golden/generate.py
import json
import os

import numpy as np
from scipy import stats
from scipy.spatial import distance

rng = np.random.default_rng(20261203)


def sample(n, loc=0.0, scale=1.0, decimals=3):
    return np.round(rng.normal(loc, scale, n), decimals)


def ks_case(name, a, b):
    result = stats.ks_2samp(a, b)
    return {"name": name, "a": a.tolist(), "b": b.tolist(),
            "statistic": float(result.statistic), "pValue": float(result.pvalue)}


ks = [
    ks_case("equal sizes 20", sample(20), sample(20, 0.8)),
    ks_case("unequal 50 vs 73", sample(50), sample(73, 0.3)),
    ks_case("ties (integers) 120 vs 90", np.round(rng.normal(5, 2, 120)), np.round(rng.normal(5.5, 2, 90))),
    ks_case("same distribution 300", sample(300), sample(300)),
    ks_case("exact 1000 vs 2500", sample(1000), sample(2500, 0.1)),
    ks_case("exact 3000 vs 10000", sample(3000), sample(10000, 0.02)),
    ks_case("asymptotic 100 vs 10050", sample(100), sample(10050, 0.25)),
    ks_case("asymptotic 800 vs 12000", sample(800), sample(12000, 0.04)),
    ks_case("asymptotic 2000 vs 10001", sample(2000), sample(10001, 0.5, 1.2)),
]

kstwo = []
for n in [3, 10, 50, 140, 141, 500, 1000, 5000, 60000, 200000]:
    for x in [0.5 / n + 1e-9, 0.9 / n, 1.5 / n, 0.5 / np.sqrt(n), 0.8 / np.sqrt(n),
              1.2 / np.sqrt(n), 1.6 / np.sqrt(n), 2.5 / np.sqrt(n), 0.3, 0.6, 1 - 1.5 / n]:
        if 0 < x < 1:
            kstwo.append({"n": n, "x": float(x), "sf": float(stats.kstwo.sf(x, n))})


def categories(n, probabilities, labels):
    return [str(v) for v in rng.choice(labels, size=n, p=probabilities)]


def chi_case(name, reference, current):
    keys = sorted(set(reference) | set(current))
    expected = np.array([reference.count(k) for k in keys], dtype=float) * len(current) / len(reference)
    observed = np.array([current.count(k) for k in keys], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = stats.chisquare(observed, expected)
    return {"name": name, "reference": reference, "current": current,
            "statistic": float(result.statistic), "pValue": float(result.pvalue)}


labels = ["Adelie", "Chinstrap", "Gentoo"]
chi = [
    chi_case("same proportions", categories(400, [0.44, 0.2, 0.36], labels), categories(350, [0.44, 0.2, 0.36], labels)),
    chi_case("shifted proportions", categories(400, [0.44, 0.2, 0.36], labels), categories(200, [0.2, 0.2, 0.6], labels)),
    chi_case("five categories", categories(900, [0.3, 0.3, 0.2, 0.1, 0.1], list("abcde")), categories(1000, [0.25, 0.3, 0.2, 0.15, 0.1], list("abcde"))),
]


def z_case(name, reference, current):
    first = sorted(set(reference) | set(current))[0]
    r = np.array([1 if v == first else 0 for v in reference])
    c = np.array([1 if v == first else 0 for v in current])
    p1, p2 = r.mean(), c.mean()
    pooled = (p1 * len(r) + p2 * len(c)) / (len(r) + len(c))
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / len(r) + 1 / len(c)))
    return {"name": name, "reference": reference, "current": current,
            "statistic": float(z), "pValue": float(2 * (1 - stats.norm.cdf(abs(z))))}


z = [
    z_case("same rate", categories(500, [0.5, 0.5], ["female", "male"]), categories(400, [0.5, 0.5], ["female", "male"])),
    z_case("shifted rate", categories(500, [0.5, 0.5], ["female", "male"]), categories(400, [0.35, 0.65], ["female", "male"])),
]


def histogram_shares(a, b, bins):
    edges = np.histogram_bin_edges(np.concatenate([a, b]), bins=bins)
    return edges, np.histogram(a, edges)[0] / len(a), np.histogram(b, edges)[0] / len(b)


def quantile_shares(a, b, bins):
    cuts = np.unique(np.quantile(a, np.arange(1, bins) / bins))
    share = lambda x: np.bincount(np.searchsorted(cuts, x, side="left"), minlength=len(cuts) + 1) / len(x)
    return cuts, share(a), share(b)


def psi(r, c):
    r = np.where(r == 0, 0.0001, r)
    c = np.where(c == 0, 0.0001, c)
    return float(np.sum((r - c) * np.log(r / c)))


distances = []
for name, a, b in [
    ("same distribution", sample(3000, 10, 2), sample(2000, 10, 2)),
    ("shifted by 0.3 std", sample(3000, 10, 2), sample(2000, 10.6, 2)),
    ("wider", sample(1500, 0, 1), sample(2500, 0, 1.8)),
    ("integers with ties", np.round(rng.normal(3, 1.5, 2000)), np.round(rng.normal(3.4, 1.5, 2000))),
]:
    edges, ra, rb = histogram_shares(a, b, 10)
    cuts, qa, qb = quantile_shares(a, b, 10)
    distances.append({
        "name": name, "a": a.tolist(), "b": b.tolist(),
        "wasserstein": float(stats.wasserstein_distance(a, b)),
        "wassersteinNormalized": float(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)),
        "edges": edges.tolist(), "referenceShares": ra.tolist(), "currentShares": rb.tolist(),
        "jensenShannon": float(distance.jensenshannon(ra, rb)),
        "quantileCuts": cuts.tolist(), "referenceQuantileShares": qa.tolist(), "currentQuantileShares": qb.tolist(),
        "psi": psi(qa, qb),
    })

categorical_js = []
for name, reference, current in [
    ("penguin species shifted", categories(2000, [0.44, 0.2, 0.36], labels), categories(1500, [0.3, 0.2, 0.5], labels)),
    ("new category in current", categories(2000, [0.5, 0.5], ["a", "b"]), categories(1500, [0.4, 0.4, 0.2], ["a", "b", "c"])),
]:
    keys = sorted(set(reference) | set(current))
    r = np.array([reference.count(k) for k in keys]) / len(reference)
    c = np.array([current.count(k) for k in keys]) / len(current)
    categorical_js.append({"name": name, "reference": reference, "current": current,
                           "jensenShannon": float(distance.jensenshannon(r, c)), "psi": psi(r, c)})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drift-golden.json")
with open(out, "w") as f:
    json.dump({"scipy": __import__("scipy").__version__, "ks": ks, "kstwo": kstwo, "chiSquared": chi,
               "zTest": z, "distances": distances, "categoricalDistances": categorical_js}, f)
print(out, os.path.getsize(out))
