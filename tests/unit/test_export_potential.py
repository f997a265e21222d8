"""Export potential (ITC form) on a hand-computed fixture.

Two products (660199 umbrellas, 640411 sneakers), two exporters (CN, VN), two importers
(PH, DE), one year:

=====  ========  ======  =====
from   to        660199  640411
=====  ========  ======  =====
CN     PH        30      20
CN     DE        50      40
VN     PH        10      30
VN     DE        10      60
=====  ========  ======  =====

World W = 250; CN's exports X_CN = 140 (share 140/250 = 0.56).
Umbrellas: X_k = 100, CN supplies 80, so supply = 0.8.
PH: demand M = 40; PH imports 90 in all, 50 from CN; ease = (50/90) / 0.56 = 125/126;
potential = 0.8 x 40 x 125/126 = 4000/126 = 31.746...; actual 30; untapped 1.746...
DE: demand 60; DE imports 160, 90 from CN; ease = (90/160) / 0.56 = 1.00446...;
potential = 0.8 x 60 x 0.5625/0.56 = 48.214...; actual 50 > potential: untapped 0.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.domain.export_potential import TradeFlow, calculate_export_potential
from chuhai.errors import InputError

D = Decimal
FLOWS = [
    TradeFlow("CN", "PH", "660199", 2024, D(30)),
    TradeFlow("CN", "DE", "660199", 2024, D(50)),
    TradeFlow("VN", "PH", "660199", 2024, D(10)),
    TradeFlow("VN", "DE", "660199", 2024, D(10)),
    TradeFlow("CN", "PH", "640411", 2024, D(20)),
    TradeFlow("CN", "DE", "640411", 2024, D(40)),
    TradeFlow("VN", "PH", "640411", 2024, D(30)),
    TradeFlow("VN", "DE", "640411", 2024, D(60)),
    TradeFlow("CN", "PH", "660199", 2020, D(999)),  # another year: ignored
]
TOLERANCE = D("1e-20")


def close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) < TOLERANCE


def test_hand_computed_potential_and_untapped() -> None:
    found = calculate_export_potential(FLOWS, exporter="CN", hs6="660199")
    ph, de = found["PH"], found["DE"]
    assert ph.year == 2024
    assert ph.supply == D("0.8")
    assert ph.demand == D(40)
    assert close(ph.ease, D(125) / D(126))
    assert close(ph.potential, D(4000) / D(126))
    assert ph.actual == D(30)
    assert close(ph.untapped, D(4000) / D(126) - D(30))
    assert round(ph.untapped, 3) == D("1.746")
    assert close(de.potential, D("0.8") * D(60) * (D("0.5625") / D("0.56")))
    assert round(de.potential, 3) == D("48.214")
    assert de.untapped == 0  # actual exports already exceed the potential


def test_year_can_be_chosen() -> None:
    found = calculate_export_potential(FLOWS, exporter="CN", hs6="660199", year=2020)
    assert found["PH"].supply == 1
    assert found["PH"].actual == D(999)


def test_one_product_only_gives_potential_equal_to_actual() -> None:
    one = [f for f in FLOWS if f.hs6 == "660199" and f.year == 2024]
    found = calculate_export_potential(one, exporter="CN", hs6="660199")
    assert all(close(ep.potential, ep.actual) for ep in found.values())


def test_no_trade_in_the_product_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        calculate_export_potential(FLOWS, exporter="CN", hs6="999999")
    assert caught.value.field == "trade_data"


def test_a_market_that_buys_nothing_from_the_exporter_has_no_ease() -> None:
    flows = [*FLOWS, TradeFlow("VN", "JP", "660199", 2024, D(25))]
    jp = calculate_export_potential(flows, exporter="CN", hs6="660199")["JP"]
    assert jp.ease == 0
    assert jp.potential == 0
    assert jp.untapped == 0
