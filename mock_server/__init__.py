"""The bundled mock directory server: synthetic data, the api.md contract, the same rules."""

__version__ = "0.1.0"
