"""Development tools (speed bench, scoring against gold, output snapshots); not used by the product."""
