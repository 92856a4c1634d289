"""上报: the daily report on screen, its workbook, and (later) the hand-over to the USB stick."""
