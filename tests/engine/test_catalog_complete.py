"""All of keras.layers: every public layer class and alias Keras 3.15.1 exports
(tests/oracle/keras_layers.json, checked against Keras itself by
tests/oracle/test_keras_layer_list.py) has a rule in the catalog, or is in the short list of
layers whose output cannot be known statically, with its reason."""

import json
from pathlib import Path

from shapelens.catalog import ALIASES, NOT_STATIC, RULES, rule_for

EXPORTED = json.loads((Path(__file__).resolve().parent.parent / "oracle" / "keras_layers.json").read_text())


def test_every_layer_class_has_a_rule_or_a_reason():
    missing = [c for c in EXPORTED["classes"] if c not in RULES and c not in NOT_STATIC]
    assert not missing, f"{len(missing)} keras.layers classes without a rule: {', '.join(missing)}"


def test_every_alias_resolves_to_its_class():
    assert ALIASES == EXPORTED["aliases"]
    for alias, target in ALIASES.items():
        assert rule_for(alias) is RULES[target], alias


def test_not_static_is_short_and_says_why():
    assert len(NOT_STATIC) <= 10 and all(len(why) > 20 for why in NOT_STATIC.values())
    assert not set(NOT_STATIC) & set(RULES)
