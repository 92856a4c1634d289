"""Charts painted with QPainter (no QtCharts)."""
