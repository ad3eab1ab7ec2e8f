"""Writes rational_quadratic_fixture.json: nflows' rational-quadratic spline with linear tails on fixed inputs
and fixed unnormalised parameters, the reference RationalQuadraticSplineFixtureTest compares FlowLab's spline with.

    "$(bash scripts/pytorch-env.sh)/python" plugins/couplings/src/test/resources/nsf/make_fixture.py

(nflows is pinned in benchmarks/pytorch/requirements.txt.) Everything is float64. Per case (bins K, tail bound B)
the inputs mix random points inside [-B, B], points outside, the bounds themselves and points exactly on bin
edges: the knots of each element's own spline (width knots for the forward pass, height knots for the inverse).
"""
import json
import os

import numpy as np
import torch
from nflows.transforms.splines.rational_quadratic import (
    DEFAULT_MIN_BIN_HEIGHT,
    DEFAULT_MIN_BIN_WIDTH,
    unconstrained_rational_quadratic_spline,
)


def knots(unnormalised, bound, minimum):
    """The knot positions nflows computes (rational_quadratic_spline's cumwidths/cumheights)."""
    k = unnormalised.shape[-1]
    sizes = minimum + (1 - minimum * k) * torch.softmax(unnormalised, dim=-1)
    cum = torch.nn.functional.pad(torch.cumsum(sizes, dim=-1), pad=(1, 0), value=0.0)
    cum = 2 * bound * cum - bound
    cum[..., 0] = -bound
    cum[..., -1] = bound
    return cum


def inputs_for(rng, edges, bound):
    """One input per element: inside, outside, on a bound or on one of the element's own knots."""
    count = edges.shape[0]
    x = rng.uniform(-bound, bound, size=count)
    for i in range(count):
        kind = i % 6
        if kind == 1:
            x[i] = bound + rng.uniform(0.01, 2.0)
        elif kind == 2:
            x[i] = -bound - rng.uniform(0.01, 2.0)
        elif kind == 3:
            x[i] = bound if i % 12 < 6 else -bound
        elif kind in (4, 5):
            x[i] = float(edges[i, 1 + i % (edges.shape[1] - 2)])  # an interior knot
    return torch.tensor(x, dtype=torch.float64)


def case(rng, bins, bound, count):
    widths = torch.tensor(rng.normal(0, 1.5, size=(count, bins)))
    heights = torch.tensor(rng.normal(0, 1.5, size=(count, bins)))
    derivatives = torch.tensor(rng.normal(0, 1.5, size=(count, bins - 1)))
    forward_in = inputs_for(rng, knots(widths, bound, DEFAULT_MIN_BIN_WIDTH), bound)
    inverse_in = inputs_for(rng, knots(heights, bound, DEFAULT_MIN_BIN_HEIGHT), bound)

    def run(inputs, inverse):
        out, logdet = unconstrained_rational_quadratic_spline(
            inputs, widths, heights, derivatives, inverse=inverse, tails="linear", tail_bound=bound)
        return {"inputs": inputs.tolist(), "outputs": out.tolist(), "logabsdet": logdet.tolist()}

    return {
        "bins": bins,
        "tailBound": bound,
        "unnormalizedWidths": widths.tolist(),
        "unnormalizedHeights": heights.tolist(),
        "unnormalizedDerivatives": derivatives.tolist(),
        "forward": run(forward_in, False),
        "inverse": run(inverse_in, True),
    }


def main():
    torch.set_default_dtype(torch.float64)
    rng = np.random.default_rng(17)
    fixture = {
        "source": "nflows 0.14 unconstrained_rational_quadratic_spline(tails='linear'), float64; made by make_fixture.py",
        "cases": [case(rng, 8, 3.0, 36), case(rng, 3, 1.0, 24)],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rational_quadratic_fixture.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
