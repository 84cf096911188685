"""The project's one vocabulary for refusals and answers: every app raises the
errors of `errors` from its services and answers through `http`."""
