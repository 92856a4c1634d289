"""卡点登记: the gate register screen (issue 18)."""
