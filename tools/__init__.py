"""Developer tools: sample and test-data generators (not part of the installed program)."""
