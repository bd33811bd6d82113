package com.payledger.infra.database;

import com.payledger.infra.failure.StartupRefusal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The zero-configuration default: when no database URL is configured ({@code PAYLEDGER_DB_URL}), start a real
 * PostgreSQL server from the binaries on the classpath, with its data in {@code PAYLEDGER_DATA_DIR} so that the
 * ledger survives restarts, and point the datasource at it before anything connects.
 *
 * <p>The default runs least-privilege too: Flyway migrates as the superuser {@code postgres}, and the service
 * connects as {@value #RUNTIME_ROLE}, which Flyway's afterMigrate callback grants no UPDATE, DELETE or TRUNCATE on
 * the event table. The role is created on every start if missing, so data directories from before it keep working.
 * The server accepts local connections without a password (initdb's trust authentication), so neither role has one.
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The role the service connects to the embedded server as. */
    public static final String RUNTIME_ROLE = "payledger_app";
    private static final String SUPERUSER = "postgres";
    private static final String DEFAULT_DATA_DIRECTORY = "data/postgres";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresInitializer.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        String url = environment.getProperty("spring.datasource.url");
        if (url != null && !url.isBlank()) {
            return;
        }
        Path dataDirectory = dataDirectory(environment.getProperty("payledger.embedded-postgres.data-directory",
                DEFAULT_DATA_DIRECTORY));
        int port = port(environment.getProperty("payledger.embedded-postgres.port", Integer.class, 0));
        EmbeddedPostgres postgres = start(dataDirectory, port);
        LOG.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDirectory);
        Runnable stop = stopOnce(postgres);
        // Stopped after every bean that may use it: a disposable registered before any bean exists is destroyed
        // last. (On ContextClosedEvent it stopped first, while Tomcat still finished requests and Axon's processors
        // still read the event store.)
        ((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean("embeddedPostgres",
                stop::run);
        // A start that fails before the context was refreshed destroys no bean: stop the server then too. (Once
        // refreshed, the context is closed after this event, and the disposable above stops it last.)
        context.addApplicationListener(event -> {
            if (event instanceof ApplicationFailedEvent && !context.isActive()) {
                stop.run();
            }
        });
        try {
            createRuntimeRole(postgres);
        } catch (RuntimeException failed) {
            stop.run();
            throw failed;
        }
        // No user in the URL: the driver would prefer it to the username, and Flyway's user differs from the pool's.
        environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", Map.of(
                "spring.datasource.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                "spring.datasource.username", RUNTIME_ROLE,
                "spring.datasource.password", "",
                "spring.flyway.user", SUPERUSER,
                "spring.flyway.password", "")));
    }

    /**
     * The folder {@code PAYLEDGER_DATA_DIR} names. Empty, it named the working directory, and with white space around
     * it another folder than meant (an env file's {@code PAYLEDGER_DATA_DIR=/data }): either way the service started
     * on a new, empty ledger beside the real one, or failed in initdb. Both are refused, naming the variable.
     */
    static Path dataDirectory(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new StartupRefusal("PAYLEDGER_DATA_DIR is set but empty", "Unset it for the default "
                    + DEFAULT_DATA_DIRECTORY + ", or name the folder of the ledger's data.");
        }
        if (!configured.equals(configured.strip())) {
            throw new StartupRefusal("PAYLEDGER_DATA_DIR begins or ends with white space: \"" + configured + "\"",
                    "Remove the white space: it would name another folder than the ledger's.");
        }
        return Path.of(configured).toAbsolutePath();
    }

    /** The port {@code PAYLEDGER_EMBEDDED_DB_PORT} names, 0 for any free one; a negative one was taken as 0. */
    static int port(int configured) {
        if (configured < 0 || configured > 65_535) {
            throw new StartupRefusal("PAYLEDGER_EMBEDDED_DB_PORT must be a port from 1 to 65535, or 0 for any free "
                    + "one, not " + configured, "Correct it and start again.");
        }
        return configured;
    }

    static EmbeddedPostgres start(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            requireServerPermissions(dataDirectory);
            // After a kill -9 of the service, its postmaster lives on and holds the data directory: stop it first.
            OrphanedPostmaster.stopIfRunning(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // Its own JVM shutdown hook would stop the server on SIGTERM at the same time as Spring's graceful
                    // shutdown begins, with requests and processors still running: the context stops it, last.
                    .setRegisterShutdownHook(false)
                    // Acknowledged transfers must survive a crash: keep PostgreSQL's durable defaults.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * PostgreSQL refuses a data folder that others than its owner and group may read, or that its group may write
     * (0700 or 0750 only). A folder copied or restored with a wider mode (cp, tar, a volume mount) failed the start
     * only after a wait, with the server's message hidden in the library's log: say what to do instead. A folder
     * without {@code PG_VERSION} is a new one, whose mode initdb sets itself.
     */
    static void requireServerPermissions(Path dataDirectory) throws IOException {
        if (!Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(dataDirectory);
        } catch (UnsupportedOperationException notPosix) {
            return;
        }
        Set<PosixFilePermission> tooWide = EnumSet.of(PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        tooWide.retainAll(permissions);
        if (!tooWide.isEmpty()) {
            throw new StartupRefusal("PostgreSQL refuses the data directory " + dataDirectory + ": its mode is "
                    + PosixFilePermissions.toString(permissions) + ", and only its owner (and its group, reading) may "
                    + "have access.", "Run: chmod 700 " + dataDirectory);
        }
    }

    private static void createRuntimeRole(EmbeddedPostgres postgres) {
        createRuntimeRoleIfMissing(new JdbcTemplate(postgres.getDatabase(SUPERUSER, "postgres")));
    }

    /** Creates the {@value #RUNTIME_ROLE} login role, as {@code admin}, unless it exists. */
    public static void createRuntimeRoleIfMissing(JdbcTemplate admin) {
        admin.execute("""
                do $$
                begin
                    if not exists (select from pg_roles where rolname = '%s') then
                        create role %s login;
                    end if;
                end
                $$""".formatted(RUNTIME_ROLE, RUNTIME_ROLE));
    }

    /** Stops the server the first time it runs; later runs do nothing. */
    private static Runnable stopOnce(EmbeddedPostgres postgres) {
        AtomicBoolean stopped = new AtomicBoolean();
        return () -> {
            if (stopped.compareAndSet(false, true)) {
                close(postgres);
            }
        };
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
