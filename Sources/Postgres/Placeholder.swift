// Placeholder: the Postgres target's code lands here.
