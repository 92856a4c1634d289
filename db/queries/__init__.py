"""Read-only questions the screens and exports ask; they return plain rows."""
