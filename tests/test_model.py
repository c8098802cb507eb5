"""The fast constructors of model.MAKE build exactly what the dataclasses build."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import date
from decimal import Decimal

import pytest

from itready import model

SOURCE = model.Source("devices.yaml", "devices", 3)
EXAMPLES = [
    model.Source("a.yaml", "sites", 0),
    model.Waiver("DEV001", date(2027, 1, 1), "reason", None, 2),
    model.Network("10.0.0.0/8", "office"),
    model.OperatingSystem("windows", "11 24H2", "pro"),
    model.Site("S1", SOURCE, networks=(model.Network("10.0.0.0/8"),)),
    model.VpnGateway("V1", SOURCE, "S1", ("10.8.0.0/16",), 100),
    model.Workplace("WP-1", SOURCE, "10 Hauptamt", "S1", "hybrid", 2, "shared"),
    model.Device("NB-1", SOURCE, "laptop", os=model.OperatingSystem("ubuntu", "24.04"),
                 encrypted=True, ram_gb=16, mac="00:1a:2b:3c:4d:5e"),
    model.Licence("L1", SOURCE, "per-user", ("vpn",), seats=3, cost_per_seat=Decimal("24.0"),
                  assigned_to=("WP-1",)),
]


@pytest.mark.parametrize("made", EXAMPLES, ids=lambda r: type(r).__name__)
def test_make_builds_what_the_class_builds(made: object) -> None:
    cls = type(made)
    values = {f.name: getattr(made, f.name) for f in dataclasses.fields(made)}
    fast = model.MAKE[cls](**values)
    positional = model.MAKE[cls](*values.values())
    for twin in (fast, positional):
        assert type(twin) is cls
        assert twin == made and hash(twin) == hash(made) and repr(twin) == repr(made)
        assert pickle.loads(pickle.dumps(twin)) == made
        assert copy.copy(twin) == made and dataclasses.replace(twin) == made
        with pytest.raises(dataclasses.FrozenInstanceError):
            twin.__setattr__(dataclasses.fields(cls)[0].name, "changed")


def test_make_keeps_the_defaults() -> None:
    assert model.MAKE[model.Device]("NB-1", SOURCE, "laptop") == model.Device("NB-1", SOURCE,
                                                                              "laptop")
    assert model.MAKE[model.Site]("S1", SOURCE) == model.Site("S1", SOURCE)


def test_make_refuses_classes_it_cannot_build() -> None:
    with pytest.raises(TypeError):
        model.maker(model.Settings)  # fields with default factories
