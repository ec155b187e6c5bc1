"""Run by hand or by make, never by the three processes: benchmarks and generators."""
