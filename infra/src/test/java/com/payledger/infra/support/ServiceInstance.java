package com.payledger.infra.support;

import com.payledger.infra.PayledgerApplication;
import java.util.ArrayList;
import java.util.List;
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
        return start(url, user, password, pollingInterval, checkpointInterval, List.of());
    }

    /** On the database at {@code url} with more settings, each as {@code --name=value}. */
    public static ServiceInstance startWith(String url, List<String> settings) {
        return start(url, TestDatabase.user(), TestDatabase.password(), "PT0.1S", "PT0.5S", settings);
    }

    private static ServiceInstance start(String url, String user, String password, String pollingInterval,
                                         String checkpointInterval, List<String> settings) {
        // Command-line arguments outrank application.yml, which would otherwise blank the URL.
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--payledger.deadlines.polling-interval=" + pollingInterval,
                "--payledger.checkpoints.interval=" + checkpointInterval,
                "--payledger.security.bootstrap-admin-key=" + LedgerClient.TEST_ADMIN_KEY,
                "--payledger.security.rate-limit.requests-per-second=0"));
        arguments.addAll(settings);
        return new ServiceInstance(new SpringApplicationBuilder(PayledgerApplication.class,
                TestClockConfiguration.class).run(arguments.toArray(String[]::new)));
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
