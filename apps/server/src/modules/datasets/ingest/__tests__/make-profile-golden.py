# Golden values for profile.test.ts: python3 make-profile-golden.py (numpy 2.4, scipy 1.17).
import numpy as np
from scipy import stats
from scipy.stats.contingency import association, crosstab

x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], dtype=float)
y = np.array([2.0, 4.1, 6.2, 7.9, 10.1, 12.0, 13.8, 16.2, 18.1, 19.9])
g = ['a', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', None]
h = ['u', 'u', 'v', 'v', 'u', 'u', 'v', 'v', 'u', 'v']

print('x mean', x.mean(), 'std', x.std(ddof=1), 'skew', stats.skew(x, bias=False))
print('x quantiles', np.quantile(x, [0.05, 0.25, 0.5, 0.75, 0.95]).tolist())
print('pearson', stats.pearsonr(x, y).statistic)
print('spearman', stats.spearmanr(x, y).statistic)
pairs = [(a, b) for a, b in zip(g, h) if a is not None]
table = crosstab([a for a, _ in pairs], [b for _, b in pairs]).count
print('cramers v', association(table, method='cramer', correction=False))
