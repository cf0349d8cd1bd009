"""Console accounts and login: one-time codes over the workspace's channel, passwords, sessions."""
