package dev.floorwatch.testing;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real local stack of deploy/local, for tests that stop and start Kafka or Redis under a
 * running service. {@code floorwatch.root} (set by Surefire and Failsafe) is the repository root.
 */
public final class LocalStack {

    public static final Path ROOT = Path.of(System.getProperty("floorwatch.root", ".."));

    private LocalStack() {
    }

    /** True when deploy/local/stack.sh started {@code component} (kafka, redis), so a test may stop it. */
    public static boolean startedHere(String component) {
        return ROOT.resolve(".floorwatch/run/" + component + ".pid").toFile().exists();
    }

    /** Runs {@code deploy/local/stack.sh command component} and fails unless it succeeds within 2 minutes. */
    public static void run(String command, String component) throws Exception {
        Process process = new ProcessBuilder("bash", ROOT.resolve("deploy/local/stack.sh").toString(), command, component)
                .inheritIO().start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("stack.sh " + command + " " + component + " timed out");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("stack.sh " + command + " " + component + " failed");
        }
    }
}
