"""Apparel (GB/T 4754 C18): the standard is standard.yaml; these modules add its domain parsers and rules.

The fibre-composition parser and the composition sum check are the textiles ones (one implementation):
importing ``builders.textiles.composition`` registers ``fiber_composition`` and ``composition_sum_not_100``.
"""

from builders.apparel import checks, grades, sizes  # noqa: F401
from builders.textiles import composition  # noqa: F401
