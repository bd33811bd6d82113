package com.payledger.query.audit;

import com.payledger.query.audit.checkpoint.Checkpoint;
import com.payledger.query.audit.checkpoint.Checkpoints;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every stored checkpoint, oldest first, read {@value #PAGE} at a time: a verification walks them beside the leaves,
 * and a ledger signing one a minute stores half a million a year, too many to hold at once.
 *
 * <p>Only those of at most {@code treeSizeMax} leaves, the latest signed before the verification read any leaf: the
 * log keeps growing and being signed meanwhile, and a page read after its last leaves were read could hold a
 * checkpoint of leaves it never saw, which would read as leaves missing from the log.
 */
final class CheckpointPages implements Iterator<Checkpoint> {

    static final int PAGE = 1000;

    private final Checkpoints checkpoints;
    private final long treeSizeMax;
    private List<Checkpoint> page;
    private int next;
    private boolean last;

    CheckpointPages(Checkpoints checkpoints, long treeSizeMax) {
        this.checkpoints = checkpoints;
        this.treeSizeMax = treeSizeMax;
        read(Long.MIN_VALUE);
    }

    @Override
    public boolean hasNext() {
        if (next == page.size() && !last) {
            // Sizes are a primary key: the next page starts just above this one (below treeSizeMax, so there is one).
            read(page.get(page.size() - 1).treeSize() + 1);
        }
        return next < page.size();
    }

    private void read(long fromTreeSize) {
        List<Checkpoint> read = checkpoints.inOrder(fromTreeSize, PAGE);
        page = read.stream().filter(checkpoint -> checkpoint.treeSize() <= treeSizeMax).toList();
        next = 0;
        last = read.size() < PAGE || page.size() < read.size() || page.get(page.size() - 1).treeSize() == treeSizeMax;
    }

    @Override
    public Checkpoint next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(next++);
    }
}
