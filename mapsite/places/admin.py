# Places have no model: the index is read from fixtures/gazetteer/ and the
# district fixture, so there is nothing to administer here.
