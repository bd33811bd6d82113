package com.payledger.query.statement;

import java.util.List;

/** A page of entries, newest first; {@code nextCursor} is null on the last page. */
public record StatementPage(List<EntryView> items, String nextCursor) {

    public StatementPage {
        items = List.copyOf(items);
    }
}
