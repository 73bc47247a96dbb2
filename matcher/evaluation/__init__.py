"""Offline evaluations of the recommenders on real data we did not write (docs/evaluation.md)."""
