-- Listings showed the first 12 characters of the bootstrap key, a secret an operator chose (at least 32 characters,
-- not necessarily random). Keys the service generated (plk_ and 43 random characters) keep theirs; the others show 4.
update security.api_keys set prefix = left(prefix, 4) where not (prefix like 'plk\_%' and length(prefix) = 12);
