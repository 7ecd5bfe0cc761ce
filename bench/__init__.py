"""The benchmark of SPEC §5: `python -m bench` measures every budget beside its baseline, in one run."""
