package com.payledger.infra.support;

import com.payledger.infra.PayledgerApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One more service instance in this JVM: a whole application context with its own Axon, deadline poller and
 * connection pool, on the database at {@code url}, with the shared {@link TestClock}. Closing it is a graceful
 * stop of that instance.
 */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static ServiceInstance start(String url) {
        return start(url, TestDatabase.user(), TestDatabase.password());
    }

    public static ServiceInstance start(String url, String user, String password) {
        return start(url, user, password, "PT0.1S", "PT0.5S");
    }

    /** With the given deadline polling and checkpoint intervals (tests poll fast; benchmarks use the defaults). */
    public static ServiceInstance start(String url, String user, String password, String pollingInterval,
                                        String checkpointInterval) {
        return start(url, user, password, Map.of("payledger.deadlines.polling-interval", pollingInterval,
                "payledger.checkpoints.interval", checkpointInterval));
    }

    /** With the fast test settings, {@code settings} overriding any of them. */
    public static ServiceInstance start(String url, Map<String, String> settings) {
        return start(url, TestDatabase.user(), TestDatabase.password(), settings);
    }

    /** As {@code user}, with the fast test settings, {@code settings} overriding any of them. */
    public static ServiceInstance start(String url, String user, String password, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("spring.datasource.url", url);
        all.put("spring.datasource.username", user);
        all.put("spring.datasource.password", password);
        all.put("payledger.deadlines.polling-interval", "PT0.1S");
        all.put("payledger.checkpoints.interval", "PT0.5S");
        all.put("payledger.security.bootstrap-admin-key", LedgerClient.TEST_ADMIN_KEY);
        all.put("payledger.security.rate-limit.requests-per-second", "0");
        all.putAll(settings);
        // Command-line arguments outrank application.yml, which would otherwise blank the URL.
        String[] arguments = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ServiceInstance started = new ServiceInstance(new SpringApplicationBuilder(PayledgerApplication.class,
                TestClockConfiguration.class).run(arguments));
        // Port 0 lets the system reuse an earlier service's port: its keys mean nothing here.
        LedgerClient.forgetKeysOf(started.client().baseUrl());
        return started;
    }

    public LedgerClient client() {
        return new LedgerClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
