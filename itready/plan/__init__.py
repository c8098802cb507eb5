"""What closes the gaps: the gap list (stock and free seats first) and the purchase list."""
