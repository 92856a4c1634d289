"""PDF documents (notices, seals, forms) drawn with reportlab; no Qt here."""
