"""PyTorch's side of ConvBench.java: one convolution on its own, same shapes, batch 64, NCHW, SAME padding.

    .venv/pytorch/bin/python benchmarks/conv/conv_bench.py             # one thread, like OMP_NUM_THREADS=1 on the Java side
    THREADS=2 .venv/pytorch/bin/python benchmarks/conv/conv_bench.py   # two
"""
import os
import time

import torch

SHAPES = [(2, 128, 3, 14), (128, 128, 1, 14), (128, 4, 3, 14), (4, 128, 3, 7), (128, 128, 1, 7), (128, 8, 3, 7),
          (2, 32, 3, 14), (32, 32, 1, 14), (32, 4, 3, 14), (4, 32, 3, 7), (32, 32, 1, 7), (32, 8, 3, 7)]
WARMUP, REPEATS = 20, 200

torch.set_num_threads(int(os.environ.get("THREADS", "1")))
for cin, cout, k, hw in SHAPES:
    conv = torch.nn.Conv2d(cin, cout, k, padding=k // 2)
    x = torch.rand(64, cin, hw, hw, requires_grad=True)   # the input gradient is needed inside a flow, as in ND4J's bp
    grad_y = torch.rand(64, cout, hw, hw)
    forward = backward = 0.0
    for i in range(WARMUP + REPEATS):
        t0 = time.perf_counter()
        y = conv(x)
        t1 = time.perf_counter()
        y.backward(grad_y)
        t2 = time.perf_counter()
        if i >= WARMUP:
            forward += t1 - t0
            backward += t2 - t1
    print(f"torch  in {cin:3d} out {cout:3d} k {k} {hw:2d}x{hw:<2d}  forward {forward / REPEATS * 1e3:7.3f} ms  "
          f"backward {backward / REPEATS * 1e3:7.3f} ms")
