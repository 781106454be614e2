"""Plain helpers every domain app uses: money arithmetic, domain errors, row locks. No models."""
