"""Vote: private ballots, the tally and the results chart."""
