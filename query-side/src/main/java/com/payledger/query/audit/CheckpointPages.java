package com.payledger.query.audit;

import com.payledger.query.audit.checkpoint.Checkpoint;
import com.payledger.query.audit.checkpoint.Checkpoints;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every stored checkpoint, oldest first, read {@value #PAGE} at a time: a verification walks them beside the leaves,
 * and a ledger signing one a minute stores half a million a year, too many to hold at once.
 */
final class CheckpointPages implements Iterator<Checkpoint> {

    static final int PAGE = 1000;

    private final Checkpoints checkpoints;
    private List<Checkpoint> page;
    private int next;
    private boolean last;

    CheckpointPages(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
        this.page = checkpoints.inOrder(Long.MIN_VALUE, PAGE);
        this.last = page.size() < PAGE;
    }

    @Override
    public boolean hasNext() {
        if (next == page.size() && !last) {
            long after = page.get(page.size() - 1).treeSize();
            // Sizes are a primary key: the next page starts just above this one, unless nothing can.
            page = after == Long.MAX_VALUE ? List.of() : checkpoints.inOrder(after + 1, PAGE);
            next = 0;
            last = page.size() < PAGE;
        }
        return next < page.size();
    }

    @Override
    public Checkpoint next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(next++);
    }
}
