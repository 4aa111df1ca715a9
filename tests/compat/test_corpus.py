"""The corpus: every kind of spec change, one test each, graded as the README's table says."""

from __future__ import annotations

from typing import Any

import pytest
from heygen_streaming_tools.specdiff import diff_specs
from heygen_streaming_tools.verdict import BREAKING, verdict

from tests.compat.support.mutations import MUTATIONS, Mutation, mutated


def test_the_corpus_has_at_least_thirty_mutations() -> None:
    assert len(MUTATIONS) >= 30
    assert len({m.name for m in MUTATIONS}) == len(MUTATIONS)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=repr)
def test_each_mutation_is_reported_where_it_happened_with_its_verdict_and_bump(
    mutation: Mutation, base_spec: dict[str, Any]
) -> None:
    old, new, where = mutated(base_spec, mutation)
    changes = diff_specs(old, new)
    shown = [(c.where, c.impact, c.what) for c in changes]
    assert any(c.where == where and c.impact == mutation.impact for c in changes), shown
    found = verdict(changes, [], strict_servers=mutation.strict_servers)
    assert found.bump == mutation.bump, shown
    assert found.breaking == mutation.breaking, shown
    # What is compatible never shows a breaking change elsewhere either.
    if not mutation.breaking:
        assert not [c for c in changes if c.impact in BREAKING], shown
