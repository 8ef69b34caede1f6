"""Gantry's benchmark harness: Gantry against its peers on one pinned core, in one run."""
