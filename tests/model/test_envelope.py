"""`x-envelope`, typed once by the spec model: each API's body shape, read from its spec."""

from __future__ import annotations

import re
from typing import Any

import pytest
from heygen_streaming.envelope import Envelope
from heygen_streaming.lifecycle import LifecycleError
from heygen_streaming.spec import load_spec
from heygen_streaming.spec_model import SpecModel


def test_the_streaming_error_body_is_code_and_message_with_the_status_as_code() -> None:
    envelope = SpecModel(load_spec(api="streaming")).envelope
    assert envelope.success == {}
    assert envelope.error_body(413, "too large") == {"code": 413, "message": "too large"}
    assert envelope.error_body(401, "no key", 400112) == {"code": 400112, "message": "no key"}


def test_the_liveavatar_bodies_carry_code_1000_on_success_and_null_data_on_error() -> None:
    envelope = SpecModel(load_spec(api="liveavatar")).envelope
    assert envelope.success == {"code": 1000, "message": "success"}
    assert envelope.error_body(408, "slow") == {"code": 4008, "data": None, "message": "slow"}


def test_a_status_without_a_code_gets_no_code_field() -> None:
    envelope = Envelope.parse({"code": "code", "message": "detail"})
    assert envelope.error_body(418, "tea") == {"detail": "tea"}


def test_a_spec_without_an_envelope_states_none_and_an_error_body_names_the_key() -> None:
    envelope = SpecModel({"openapi": "3.1.0", "paths": {}}).envelope
    assert (envelope.declared, envelope.code, envelope.message) == (False, None, None)
    with pytest.raises(LifecycleError, match=r"x-envelope\.message"):
        envelope.error_body(400, "x")


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ([], 'x-envelope: [] is not of type "object"'),
        ({"message": 3}, 'x-envelope.message: 3 is not of type "string"'),
        ({"error": "null"}, 'x-envelope.error: "null" is not of type "object"'),
        ({"error-codes": {"four hundred": 4000}}, 'x-envelope.error-codes: "four hundred" does'),
        ({"error-codes": {"400": "4000"}}, 'x-envelope.error-codes.400: "4000" is not of type'),
    ],
)
def test_a_malformed_envelope_is_refused_naming_the_key(raw: Any, named: str) -> None:
    with pytest.raises(LifecycleError, match=re.escape(named)):
        SpecModel({"openapi": "3.1.0", "paths": {}, "x-envelope": raw})
