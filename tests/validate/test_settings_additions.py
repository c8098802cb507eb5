"""Settings of 2026-12-04 (inventory-format.md, "Additions"): exclude, docs_url, language,
prices.vat_rate and import validate, in itready.yaml and in its JSON Schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import jsonschema
import pytest

from itready.model import DOCS_URL
from itready.validate.jsonschema import settings_schema
from itready.validate.settings import validate_settings

GOOD = {
    "exclude": ["docs/", "/tools/*.yml"],
    "docs_url": "https://gitlab.stadt.example/it/itready/-/blob/v0.1.0/docs/",
    "language": "de",
    "prices": {"laptop": 1150, "vat_rate": 7},
    "import": {"owners": {"encrypted": "intune", "hostname": "ad"}},
}


def test_the_new_settings_validate_and_are_read() -> None:
    settings, problems = validate_settings(GOOD)
    assert problems == []
    assert settings.exclude == ("docs/", "/tools/*.yml")
    assert settings.docs_url == "https://gitlab.stadt.example/it/itready/-/blob/v0.1.0/docs"
    assert settings.language == "de"
    assert settings.vat_rate == Decimal(7)
    assert settings.prices == {"laptop": Decimal(1150)}  # a rate is no item to buy
    assert settings.imports == {"owners": {"encrypted": "intune", "hostname": "ad"}}
    jsonschema.validate(GOOD, settings_schema())


def test_defaults() -> None:
    settings, _ = validate_settings({})
    assert settings.exclude == () and settings.docs_url == DOCS_URL
    assert settings.language is None and settings.vat_rate == Decimal(19)
    assert validate_settings({"exclude": "docs/"})[0].exclude == ("docs/",)


@pytest.mark.parametrize(("data", "path", "message"), [
    ({"exclude": 3}, ("exclude",), "exclude expects a list"),
    ({"exclude": ["docs/", ""]}, ("exclude", 1), "is empty"),
    ({"docs_url": "docs.example"}, ("docs_url",), "must be an http(s) URL of the docs folder"),
    ({"language": "fr"}, ("language",), "language must be one of de, en, got 'fr'"),
    ({"prices": {"vat_rate": 0.19}}, ("prices", "vat_rate"),
     "prices.vat_rate is a percentage between 0 and 100 (19 for 19 %), got 0.19"),
    ({"prices": {"vat_rate": 119}}, ("prices", "vat_rate"), "between 0 and 100"),
    ({"import": ["intune"]}, ("import",), "import expects a mapping"),
    ({"import": {"owners": ["intune"]}}, ("import", "owners"),
     "import.owners expects a mapping of field to preset"),
    ({"import": {"owners": {"encrypted": ["intune"]}}}, ("import", "owners", "encrypted"),
     "import.owners.encrypted (a preset name) expects text"),
])
def test_a_bad_value_is_an_error_at_its_key(data: dict[str, Any], path: tuple, message: str,
                                            ) -> None:
    _, problems = validate_settings(data)
    assert [p.path for p in problems] == [path]
    assert message in problems[0].message


def test_the_schema_refuses_what_the_validator_refuses() -> None:
    schema = settings_schema()
    for bad in ({"language": "fr"}, {"docs_url": "ftp://x"}, {"prices": {"vat_rate": 200}},
                {"import": {"owners": {"encrypted": []}}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
