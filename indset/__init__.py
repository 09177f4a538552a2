"""indset: enterprise exports in, clean validated versioned industry datasets out."""

__version__ = "0.1.0"
