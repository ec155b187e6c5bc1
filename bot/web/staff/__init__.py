"""Staff and partner pages: inbox, case actions, dashboard, privacy, display, templates."""
