package com.payledger.infra.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/payledger.jar}) started as a separate operating-system process, exactly as an
 * operator runs it, so that tests can stop it gracefully or kill it with SIGKILL.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final LedgerClient client;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.client = new LedgerClient(port);
        this.log = log;
    }

    /** Starts the jar with {@code environment} added to this JVM's, and waits until it reports healthy. */
    public static ServiceProcess start(Map<String, String> environment, Path log) {
        int port = freePort();
        // An earlier service may have used the port: its keys mean nothing to this one.
        LedgerClient.forgetKeysOf(new LedgerClient(port).baseUrl());
        ServiceProcess service = new ServiceProcess(launch(environment, port, log), port, log);
        service.awaitHealthy();
        return service;
    }

    /**
     * Runs the jar on {@code port}, which the caller may hold so that the start fails, and returns its exit code once
     * it has exited by itself.
     */
    public static int runUntilExit(Map<String, String> environment, int port, Path log) throws InterruptedException {
        Process process = launch(environment, port, log);
        if (!process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the service did not exit within " + STARTUP_TIMEOUT + "; see " + log);
        }
        return process.exitValue();
    }

    private static Process launch(Map<String, String> environment, int port, Path log) {
        String jar = System.getProperty("payledger.jar", "target/payledger.jar");
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException("the packaged service is missing: " + jar + " (run ./mvnw verify)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("PAYLEDGER_DB_URL");
        builder.environment().putAll(environment);
        builder.environment().put("PAYLEDGER_PORT", Integer.toString(port));
        builder.environment().putIfAbsent("PAYLEDGER_BOOTSTRAP_ADMIN_KEY", LedgerClient.TEST_ADMIN_KEY);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LedgerClient client() {
        return client;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed, the embedded PostgreSQL is orphaned. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: Spring's graceful shutdown, which also stops the embedded PostgreSQL. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the service did not stop within 60 s after SIGTERM; see " + log);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.get("/actuator/health").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYetListening) {
                // keep polling
            }
            sleep(Duration.ofMillis(250));
        }
        process.destroyForcibly();
        throw new IllegalStateException("the service did not become healthy in " + STARTUP_TIMEOUT + "; see " + log);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
