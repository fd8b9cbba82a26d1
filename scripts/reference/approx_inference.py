# Reference values for src/math/approx_inference/tests.rs, computed independently of the Rust
# code: /work/refpy/bin/python scripts/reference/approx_inference.py (numpy + scipy).
# The tests never run Python; the printed numbers are written into them with this source.
import numpy as np
from scipy import integrate
from scipy.special import expit, log_expit

# Bayesian logistic regression, no bias, prior N(0, 2² I): the demo's default data.
POINTS = [(1, 0.5, 1), (2, 1.5, 1), (0.5, 2, 1), (-1, 1.5, 1), (-0.5, -0.5, 1),
          (-1, -0.5, 0), (-2, -1, 0), (-0.5, -2, 0), (1.5, -1, 0), (0.5, 0.5, 0)]
SD = 2.0
X = np.array([p[:2] for p in POINTS], float)
Y = np.array([p[2] for p in POINTS], float)

def log_p(w1, w2):
    z = X @ np.array([w1, w2])
    return float(np.sum(Y * log_expit(z) + (1 - Y) * log_expit(-z))
                 - (w1 * w1 + w2 * w2) / (2 * SD * SD) - np.log(2 * np.pi * SD * SD))

# Scale by the mode's value so quad works with numbers near 1.
from scipy.optimize import minimize
mode = minimize(lambda w: -log_p(*w), [0.0, 0.0], method='BFGS', options={'gtol': 1e-12}).x
peak = log_p(*mode)
box = 14.0
def integral(f):
    v, err = integrate.dblquad(lambda w2, w1: np.exp(log_p(w1, w2) - peak) * f(w1, w2),
                               -box, box, -box, box, epsabs=1e-14, epsrel=1e-12)
    return v
z = integral(lambda a, b: 1.0)
m1 = integral(lambda a, b: a) / z
m2 = integral(lambda a, b: b) / z
c11 = integral(lambda a, b: (a - m1) ** 2) / z
c12 = integral(lambda a, b: (a - m1) * (b - m2)) / z
c22 = integral(lambda a, b: (b - m2) ** 2) / z
xq = (1.5, -1.0)
pred = integral(lambda a, b: expit(a * xq[0] + b * xq[1])) / z
pos = integral(lambda a, b: 1.0 if a > 0 else 0.0) / z
print("mode", repr(mode[0]), repr(mode[1]))
print("log_evidence", repr(peak + np.log(z)))
print("mean", repr(m1), repr(m2))
print("cov", repr(c11), repr(c12), repr(c22))
print("predictive at (1.5, -1)", repr(pred))
print("P(w1>0)", repr(pos))

# Laplace: the Hessian at the mode in closed form, inverted.
s = expit(X @ mode)
H = np.diag([1 / SD**2] * 2) + (X.T * (s * (1 - s))) @ X
print("laplace cov", repr(np.linalg.inv(H).ravel().tolist()))

# ESS: Geyer's initial monotone sequence on an AR(1) series driven by an exact 32-bit LCG,
# written from the definition with numpy (arviz is not installed here).
def lcg_ar1(n, phi=0.9):
    u = 12345
    x = 0.0
    out = []
    for _ in range(n):
        u = (1664525 * u + 1013904223) % (1 << 32)
        e = u / 2**32 - 0.5
        x = phi * x + e
        out.append(x)
    return np.array(out)

def geyer_ess(x):
    n = len(x)
    d = x - x.mean()
    acov = np.correlate(d, d, mode='full')[n - 1:] / n
    rho = acov / acov[0]
    total, prev, m = 0.0, np.inf, 0
    while 2 * m + 1 < n:
        pair = rho[2 * m] + rho[2 * m + 1]
        if pair <= 0:
            break
        pair = min(pair, prev)
        prev = pair
        total += pair
        m += 1
    tau = -1 + 2 * total
    return n / tau, rho[:4]

for n, phi in [(5000, 0.9), (2000, 0.5)]:
    ess, rho = geyer_ess(lcg_ar1(n, phi))
    print("ess", n, phi, repr(ess), "rho", [repr(r) for r in rho])
