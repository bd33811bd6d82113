-- The amount an occurrence's payment posts, fixed when it first fell due: a retry pays it even after the schedule's
-- amount was changed, so the forecast counts a pending retry at it. Null for an occurrence never due, and for rows
-- written before this column (the forecast then falls back to the schedule's amount until a rebuild fills them).
alter table read_model.recurring_payment_occurrences add column amount_minor bigint;
