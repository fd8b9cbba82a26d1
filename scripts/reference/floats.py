# Writes src/math/floats_reference.rs: python3 scripts/reference/floats.py > src/math/floats_reference.rs
# (needs numpy and ml_dtypes: pip install numpy ml_dtypes). The tests never run Python.
import numpy as np, ml_dtypes as md, random, struct
random.seed(20261204)
vals = [0.1, 0.2, 0.3, 1/3, 2/3, 1.0, -1.0, 0.5, 1.5, 2.5, 3.5, 100.0, 65504.0, 65519.99, 65520.0, 1e5, 448.0, 464.0, 465.0, 480.0, 57344.0, 61439.0, 61440.0,
        6.103515625e-05, 5.960464477539063e-08, 2.98023223876953125e-08, 2.9802322387695313e-08, 8.940696716308594e-08, 1e-8, 1e-10, 1e-30, 1e-38, 1e-39, 1e-41, 1e-45, 3.4e38, 3.39e38, 3.3895313892515355e+38, 3.3961e38, 1e39,
        0.001953125, 0.0009765625, 0.00146484375, 0.0029296875, 0.015625, 1.52587890625e-05, 7.62939453125e-06, 7.7e-06, 2.2e-05, float('inf'), float('-inf'), 0.0, -0.0, 1e-300, 5e-324]
# ties in each format: midpoints between neighbours
for t in [np.float16, md.bfloat16, md.float8_e4m3fn, md.float8_e5m2]:
    for base in [1.0, 3.0, 0.1, 100.0, 1e-3, 1e-6, 0.02]:
        a = np.array([base]).astype(t)
        x = float(a[0])
        fi = md.finfo(t)
        # next up via bits
        u = a.view(np.uint16 if a.dtype.itemsize == 2 else np.uint8).copy()
        u += 1
        y = float(u.view(t)[0])
        if np.isfinite(y):
            vals.append((x + y) / 2)
for _ in range(240):
    kind = random.random()
    if kind < 0.4:
        v = random.uniform(-1, 1) * 10 ** random.uniform(-12, 6)
    elif kind < 0.7:
        v = random.gauss(0, 1)
    elif kind < 0.85:
        v = random.uniform(-1, 1) * 10 ** random.uniform(-45, 39)
    else:
        v = float(random.randint(-70000, 70000)) / random.choice([1, 2, 4, 8, 16, 1024])
    vals.append(v)
def b(t, v, w):
    a = np.array([v], dtype=np.float64).astype(t)
    return int(a.view({2: np.uint16, 1: np.uint8, 4: np.uint32}[w])[0])
print("//! Bit patterns of f64 values rounded by NumPy 2.4 (float16) and ml_dtypes 0.7.0 (bfloat16,")
print("//! float8_e4m3fn, float8_e5m2): `np.array([x]).astype(t).view(uint)`. Generated once by")
print("//! scripts/reference/floats.py (seed 20261204): hand-picked values, ties between neighbours of")
print("//! each format, subnormals, overflow, and random magnitudes from 1e-45 to 1e39.")
print("")
print("/// (f64 bits of x, float16 bits, bfloat16 bits, float8_e4m3fn bits, float8_e5m2 bits)")
print(f"pub const ROUNDED_BITS: [(u64, u16, u16, u8, u8); {len(vals)}] = [")
import warnings
warnings.simplefilter("ignore")
for v in vals:
    fb = struct.unpack('<Q', struct.pack('<d', v))[0]
    print(f"    (0x{fb:016x}, 0x{b(np.float16, v, 2):04x}, 0x{b(md.bfloat16, v, 2):04x}, 0x{b(md.float8_e4m3fn, v, 1):02x}, 0x{b(md.float8_e5m2, v, 1):02x}),")
print("];")
