package com.payledger.infra.cli;

import com.payledger.infra.failure.Causes;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The command-line tools shipped in the service's jar: {@code java -jar payledger.jar <command> [options]}. The
 * verifiers run offline, with the JDK alone and without any connection to the service, so that an auditor need
 * not trust it.
 */
public final class Commands {

    static final Map<String, String> USAGE = Map.of(
            "verify-export", "verify-export FILE [--public-key BASE64] [--from N] [--to N]   check an NDJSON export: "
                    + "every event against its leaf hash, the tree against the signed checkpoint, and (with --from, "
                    + "--to) that it covers the positions asked for",
            "verify-checkpoint", "verify-checkpoint --checkpoint FILE --public-key BASE64   check a checkpoint's "
                    + "signature",
            "verify-inclusion", "verify-inclusion --proof FILE --checkpoint FILE [--public-key BASE64]   check an "
                    + "inclusion proof against a checkpoint",
            "verify-consistency", "verify-consistency --proof FILE --old FILE --new FILE [--public-key BASE64[,...]]   "
                    + "check that the newer checkpoint extends the older one (across a key rotation, give both keys)",
            "check-consistency", "check-consistency   compare the read models with a fold of the event store "
                    + "(database from PAYLEDGER_DB_URL/_USER/_PASSWORD)",
            "generate-checkpoint-key", "generate-checkpoint-key   print a new Ed25519 key pair for "
                    + "PAYLEDGER_CHECKPOINT_SIGNING_KEY",
            "rebuild-projection", "rebuild-projection NAME|all [--url http://localhost:8080] [--api-key-file FILE]   "
                    + "rebuild a projection (projection-accounts, projection-transfers, projection-schedules), or all "
                    + "in one pass, on the running service, with an ADMIN key from the file or from PAYLEDGER_API_KEY");

    private Commands() {
    }

    /**
     * Whether the arguments ask for a command rather than the service: the first one is not an option. The service
     * takes options only ({@code --server.port=...}), so a mistyped command ({@code verify-exprot}) is answered with
     * the usage; it started the whole service instead, with a new embedded database in the working directory, and
     * never ended.
     */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && !args[0].startsWith("-");
    }

    /**
     * Runs the command and returns the process exit code: 0 verified/done, 1 verification failed (a file the
     * verifiers were given that is not what it claims to be fails too), 2 misuse (a missing option, a file that
     * cannot be read, a checkpoint to check without --public-key that names no key).
     */
    public static int run(String[] args, PrintStream out) {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "verify-export" -> new ExportVerifier(out).run(Options.parse(rest,
                        Set.of("--public-key", "--from", "--to")));
                case "verify-checkpoint", "verify-inclusion", "verify-consistency" ->
                        new ProofVerifier(out).run(args[0], Options.parse(rest, Set.of("--checkpoint", "--proof",
                                "--old", "--new", "--public-key")).withoutPositional());
                case "check-consistency" -> {
                    Options.parse(rest, Set.of()).withoutPositional();
                    yield ConsistencyCommand.run(System::getenv, out);
                }
                case "generate-checkpoint-key" -> {
                    Options.parse(rest, Set.of()).withoutPositional();
                    yield GenerateKeyCommand.run(out);
                }
                case "rebuild-projection" -> RebuildCommand.run(Options.parse(rest, Set.of("--url", "--api-key-file")),
                        out);
                default -> {
                    out.println("error: unknown command " + args[0]);
                    yield usage(out);
                }
            };
        } catch (java.io.IOException | InterruptedException unreachable) {
            out.println("error: the service did not answer: " + reason(unreachable));
            return 1;
        } catch (JsonInput.Malformed malformed) {
            out.println("FAILED: " + malformed.getMessage());
            return 1;
        } catch (java.io.UncheckedIOException unreadable) {
            out.println("error: cannot read " + unreadable.getCause().getMessage());
            return 2;
        } catch (IllegalArgumentException misuse) {
            out.println("error: " + misuse.getMessage());
            out.println("usage: java -jar payledger.jar " + USAGE.get(args[0]));
            return 2;
        }
    }

    /**
     * The first message down the chain, else the failure's kind: the HTTP client's refused connection has no message
     * of its own ("did not answer: null"), its cause says "Connection refused".
     */
    static String reason(Throwable failure) {
        return Causes.first(failure, Throwable.class, cause -> cause.getMessage() != null
                && !cause.getMessage().isBlank()).map(Throwable::getMessage)
                .orElse(failure.getClass().getSimpleName());
    }

    private static int usage(PrintStream out) {
        USAGE.values().stream().sorted().forEach(line -> out.println("java -jar payledger.jar " + line));
        return 2;
    }
}
