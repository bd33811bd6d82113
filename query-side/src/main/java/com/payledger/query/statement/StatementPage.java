package com.payledger.query.statement;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of entries, newest first; {@code nextCursor} is null on the last page. */
public record StatementPage(List<EntryView> items, @Nullable String nextCursor) {

    public StatementPage {
        items = List.copyOf(items);
    }
}
