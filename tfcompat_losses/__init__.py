"""Exact TF1 softmax cross-entropy losses on public TF2 ops (skeleton; the API lands with issue 2)."""
