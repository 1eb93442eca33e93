"""Hostile input: fuzzed API calls, hostile server bodies, a server killed mid-write."""
