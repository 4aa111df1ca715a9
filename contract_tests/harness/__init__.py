"""The contract harness: run the spec's conformance checks against any server and report them."""
