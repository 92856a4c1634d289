"""Turn what clerks type or paste, and what Excel cells hold, into clean values or a Chinese reason."""
