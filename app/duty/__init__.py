"""值班排班 (issue 18): who stands duty, the posts, and (later) the roster, its attendance and duty logs."""
