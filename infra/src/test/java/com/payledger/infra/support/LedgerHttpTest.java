package com.payledger.infra.support;

import com.payledger.infra.PayledgerApplication;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a random port against the shared test PostgreSQL, driven through real HTTP. Every subclass
 * has the same configuration, so Spring starts the service once per test JVM and caches it. Its clock is
 * {@link TestClock}, which schedule tests move forward.
 */
@SpringBootTest(classes = {PayledgerApplication.class, TestClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"payledger.deadlines.polling-interval=PT0.1S", "payledger.checkpoints.interval=PT0.5S",
                "payledger.security.bootstrap-admin-key=" + LedgerClient.TEST_ADMIN_KEY,
                "payledger.security.rate-limit.requests-per-second=0"})
public abstract class LedgerHttpTest {

    @LocalServerPort
    private int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected LedgerClient client;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @BeforeEach
    void connect() {
        client = new LedgerClient(port);
    }

    /** Ids unique across the shared database, readable in failure messages. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected long eventCount() {
        Long count = jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
        return count == null ? 0 : count;
    }
}
