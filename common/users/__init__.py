"""Account administration: creating users and granting scoped roles."""
