"""Who may see and do what: accounts, roles and the audit log (issue #15)."""
