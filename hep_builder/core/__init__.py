"""The domain layer: exercises, the library, plans, the clinic profile. Pure Python, never Qt."""
