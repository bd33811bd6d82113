package com.payledger.events;

import java.util.regex.Pattern;

/**
 * The formats of the ids the events carry, shared by the side that accepts them in commands and the side that
 * answers reads by them, so that both call the same id malformed.
 */
public enum IdFormat {

    /** Account, schedule and client-chosen transfer ids: short, and free of characters that need escaping. */
    CLIENT_ID("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}"),
    /**
     * The id the ledger gives the transfer paying a schedule's occurrence: {@code sched~<scheduleId>~<date>}, which no
     * client id can equal ('~' is not allowed in one).
     */
    SCHEDULED_TRANSFER_ID("sched~[A-Za-z0-9][A-Za-z0-9._:-]{0,63}~[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    /** Owner ids are the client's own user ids: a little more liberal than ledger ids (e-mail-like ids pass). */
    OWNER_ID("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");

    private final Pattern pattern;

    IdFormat(String regex) {
        this.pattern = Pattern.compile(regex);
    }

    public Pattern pattern() {
        return pattern;
    }

    public boolean matches(String id) {
        return pattern.matcher(id).matches();
    }
}
