package com.payledger.infra.benchmark;

import com.payledger.infra.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How far the tracking processors trail the event store, per event.
 *
 * <p>Method: while the load runs, a sampler reads each processor's token from {@code event_store.tokenentry} every
 * {@value #POLL_MILLIS} ms. The token is a gap-aware tracking token ({@code index}: the highest global index
 * handled; {@code gaps}: lower indexes not seen yet), and a tracking processor stores it in the same transaction as
 * its handlers' writes (for {@code audit-merkle-log}: the Merkle leaves), so a token that covers an event means the
 * event's effects are committed. After the load, every event appended during it is read back with its timestamp, and
 * its lag is the time of the first sample whose token covers it minus that timestamp.
 *
 * <p>Both ends err towards more lag, so the figures are upper bounds: the event timestamp is taken when the command
 * applies the event, before its transaction commits; a sample's time is taken after its query returned, up to one
 * poll interval after the token was stored. Both come from the one clock the service and this JVM share
 * ({@link TestClock}), at the event store's millisecond precision.
 */
final class ProjectionLag {

    static final long POLL_MILLIS = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Lag of one processor over the events appended during the load; {@code unprocessed}: not handled by the end. */
    record Result(String processor, long events, long unprocessed, Histogram lagMicros) {

        double millis(double percentile) {
            return lagMicros.getTotalCount() == 0 ? 0 : lagMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** One read of a processor's token: at {@code atMicros} (epoch), every index up to {@code index} but gaps. */
    private record Sample(long atMicros, long index, long[] gaps) {

        boolean covers(long globalIndex) {
            return index >= globalIndex && Arrays.binarySearch(gaps, globalIndex) < 0;
        }
    }

    private final JdbcTemplate jdbc;
    private final List<String> processors;
    private final Map<String, List<Sample>> samples = new HashMap<>();

    ProjectionLag(JdbcTemplate jdbc, List<String> processors) {
        this.jdbc = jdbc;
        this.processors = List.copyOf(processors);
        processors.forEach(processor -> samples.put(processor, new ArrayList<>()));
    }

    /** The load's own figures, and each processor's lag over the events appended during it. */
    record Measured(Load.Result load, Map<String, Result> lags) {
    }

    /**
     * Runs {@code load} while sampling, then keeps sampling until every processor handled every event appended
     * during it or {@code drainMax} passed.
     */
    Measured measure(Callable<Load.Result> load, Duration drainMax) throws Exception {
        long first = head() + 1;
        Thread sampler = new Thread(this::sampleUntilInterrupted, "lag-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            Load.Result loaded = load.call();
            long last = head();
            long deadline = System.nanoTime() + drainMax.toNanos();
            while (!caughtUp(last) && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
            sampler.interrupt();
            sampler.join();
            return new Measured(loaded, lags(first, last));
        } finally {
            sampler.interrupt();
        }
    }

    /** Waits until every processor handled every event appended so far, or {@code timeout} passed. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long last = head();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (processors.stream().allMatch(processor -> read().get(processor).covers(last))) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    private long head() {
        return jdbc.queryForObject("select coalesce(max(globalindex), 0) from event_store.domainevententry",
                Long.class);
    }

    private void sampleUntilInterrupted() {
        while (!Thread.currentThread().isInterrupted()) {
            Map<String, Sample> now = read();
            synchronized (samples) {
                now.forEach((processor, sample) -> samples.get(processor).add(sample));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    private boolean caughtUp(long last) {
        synchronized (samples) {
            return samples.values().stream().allMatch(taken -> !taken.isEmpty()
                    && taken.get(taken.size() - 1).covers(last));
        }
    }

    /** Every processor's token now; a processor that stored none yet has covered nothing. */
    private Map<String, Sample> read() {
        Map<String, Sample> now = new LinkedHashMap<>();
        processors.forEach(processor -> now.put(processor, new Sample(0, 0, new long[0])));
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select processorname, token from event_store.tokenentry where segment = 0");
        long at = micros(TestClock.INSTANCE.instant());
        for (Map<String, Object> row : rows) {
            String processor = (String) row.get("processorname");
            if (now.containsKey(processor) && row.get("token") != null) {
                now.put(processor, sample(at, JSON.readTree((byte[]) row.get("token"))));
            }
        }
        return now;
    }

    private static Sample sample(long at, JsonNode token) {
        long[] gaps = new long[token.path("gaps").size()];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = token.path("gaps").get(i).asLong();
        }
        Arrays.sort(gaps);
        return new Sample(at, token.path("index").asLong(-1), gaps);
    }

    private Map<String, Result> lags(long first, long last) {
        List<Map<String, Object>> events = jdbc.queryForList("select globalindex, timestamp "
                + "from event_store.domainevententry where globalindex between ? and ? order by globalindex",
                first, last);
        Map<String, Result> results = new LinkedHashMap<>();
        for (String processor : processors) {
            List<Sample> taken = samples.get(processor);
            Histogram lag = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
            long unprocessed = 0;
            for (Map<String, Object> event : events) {
                long at = firstCovering(taken, ((Number) event.get("globalindex")).longValue());
                long committed = micros(Instant.parse((String) event.get("timestamp")));
                if (at < 0) {
                    unprocessed++;
                } else {
                    lag.recordValue(Math.min(lag.getHighestTrackableValue(), Math.max(0, at - committed)));
                }
            }
            results.put(processor, new Result(processor, events.size(), unprocessed, lag));
        }
        return results;
    }

    /** The time of the first sample covering {@code globalIndex}, or -1; tokens only move forward. */
    private static long firstCovering(List<Sample> taken, long globalIndex) {
        int low = 0;
        int high = taken.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (taken.get(middle).index() < globalIndex) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        for (int i = low; i < taken.size(); i++) {
            if (taken.get(i).covers(globalIndex)) {
                return taken.get(i).atMicros();
            }
        }
        return -1;
    }

    private static long micros(Instant instant) {
        return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1000;
    }
}
