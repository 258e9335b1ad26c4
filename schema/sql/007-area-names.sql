-- The areas of a membership or an invitation as a list of area names
-- ("subscriptions,support"), not a SET: the areas are the modules that
-- declare them (selfcare modules), and a new area must not need a new
-- column definition. The values stay as they were (a SET reads as the
-- same comma-separated list); names no module declares are ignored.
ALTER TABLE memberships
  MODIFY areas VARCHAR(255) CHARACTER SET ascii NOT NULL DEFAULT '';
ALTER TABLE invitations
  MODIFY areas VARCHAR(255) CHARACTER SET ascii NOT NULL DEFAULT '';
