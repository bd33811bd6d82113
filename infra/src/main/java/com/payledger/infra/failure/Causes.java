package com.payledger.infra.failure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks a failure's chain of causes, the failure itself first. Frameworks wrap what went wrong (Axon in a command
 * execution exception, Spring in a data access exception, the JWT decoder in its own), so the part that decides how
 * to answer is found by looking down the chain. A chain that loops back on itself is walked once.
 */
public final class Causes {

    private Causes() {
    }

    /** The first throwable in the chain of {@code failure} that is a {@code type} and passes {@code test}. */
    public static <T extends Throwable> Optional<T> first(Throwable failure, Class<T> type,
                                                          Predicate<? super T> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (type.isInstance(cause) && test.test(type.cast(cause))) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    /** The first throwable in the chain of {@code failure} that is a {@code type}. */
    public static <T extends Throwable> Optional<T> first(Throwable failure, Class<T> type) {
        return first(failure, type, any -> true);
    }

    /** Whether any throwable in the chain of {@code failure} passes {@code test}. */
    public static boolean any(Throwable failure, Predicate<Throwable> test) {
        return first(failure, Throwable.class, test).isPresent();
    }
}
