"""The benchmarks behind make bench, bench-dashboard, bench-privacy, bench-dialogue."""
