"""The JSON report writes each finding as the json module would write its dict."""

from __future__ import annotations

import random
from datetime import date

from itready.errors import Location
from itready.findings import Finding, WaiverInfo
from itready.formats.check.json import _encode, finding_dict, finding_row

TEXTS = ["", "plain", 'quote " and \\ backslash', "line\nbreak\ttab\x00\x1b", "Kämmerei €",
         "\u202e\u200b", "\U0001f600 emoji", "</script>"]


def test_a_row_is_the_dict_encoded() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        waiver = None if rng.random() < 0.5 else WaiverInfo(
            rng.choice([None, *TEXTS]), date(2027, 1, rng.randint(1, 28)),
            rng.choice([None, *TEXTS]))
        finding = Finding(
            rng.choice(TEXTS), rng.choice(["error", "warning", "info"]),
            rng.choice(["device", "workplace"]), rng.choice(TEXTS), rng.choice(TEXTS),
            Location(rng.choice(TEXTS), rng.randint(1, 10 ** 6), rng.randint(1, 300)),
            field=rng.choice([None, *TEXTS]), waived=waiver is not None, waiver=waiver)
        assert finding_row(finding) == _encode(finding_dict(finding))
