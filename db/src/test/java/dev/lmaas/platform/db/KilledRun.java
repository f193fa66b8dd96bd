package dev.lmaas.platform.db;

import java.nio.file.Path;

/** Run in a child JVM by a test: starts the embedded server, says so, and waits to be SIGKILLed. */
public final class KilledRun {
    public static void main(String[] args) throws Exception {
        EmbeddedDatabase.start(new DataDirectory(Path.of(args[0])), 0);
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000); // on purpose: alive until the test kills it (and gone in two minutes if it does not)
    }
}
