"""Illustrations as data: figure specs become backend-neutral primitives. Never Qt."""
