"""Performance benchmark for the register and the pupil list: see benchmarks/README.md."""
