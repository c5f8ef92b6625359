"""A code location that cannot load, on purpose: Vigil reports the source degraded and names this location."""
raise ImportError("vigil_missing_module: this code location fails to load on purpose")
