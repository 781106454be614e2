"""What every part of the API shares: errors, the mutation base, permissions, tokens, pagination and
the query limits."""
