package com.payledger.infra.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** Runs {@code clients} requests, each on a thread of its own, released together so that they race. */
public final class AtOnce {

    private static final long WAIT_SECONDS = 120;

    private AtOnce() {
    }

    /** Runs {@code request} for 0 to {@code clients - 1} at once; returns when all have ended, rethrowing a failure. */
    public static void run(int clients, IntConsumer request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    start.await();
                    request.accept(n);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
