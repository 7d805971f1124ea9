"""Customers of a firm."""
