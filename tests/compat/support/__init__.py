"""Test-only support of the compat tests: the corpus compat is graded on (spec mutations, where
they apply) and the trees it compares."""
