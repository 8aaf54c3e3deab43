package com.salaryml.testlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs small test classes on the JUnit platform, as the build runs every test, and looks at what they print. */
class CapturedLogTest {

    private static final Logger LOG = Logger.getLogger("com.salaryml.sample");

    /** Not run by the build itself: nested classes are left to the runs below. */
    static class Green {
        @Test
        void expectsAnError() {
            LOG.log(Level.SEVERE, "the model file is broken, as this test wants",
                    new IllegalStateException("broken on purpose"));
        }
    }

    static class Red {
        @Test
        void fails() {
            LOG.warning("a clue to the failure");
            throw new AssertionError("the failure");
        }

        @Test
        void passes() {
            LOG.warning("not part of the other test's story");
        }
    }

    @TempDir
    Path logs;

    @Test
    void aGreenTestPrintsNothingAndItsLogGoesToTheClassFile() throws Exception {
        String printed = run(Green.class);

        assertThat(printed).isEmpty();
        String file = Files.readString(logs.resolve(Green.class.getName() + ".log"));
        assertThat(file).contains("---- expectsAnError", "SEVERE com.salaryml.sample: the model file is broken",
                "java.lang.IllegalStateException: broken on purpose", "\tat ");
    }

    @Test
    void aFailingTestPrintsWhatItLoggedAndNothingOfTheOthers() throws Exception {
        String printed = run(Red.class);

        assertThat(printed).contains("what Red.fails() logged", "WARNING com.salaryml.sample: a clue to the failure",
                logs.resolve(Red.class.getName() + ".log").toAbsolutePath().toString());
        assertThat(printed).doesNotContain("not part of the other test's story");
    }

    /** Runs the class with the capture writing to {@link #logs}; gives what went to the console. */
    private String run(Class<?> tests) {
        PrintStream console = System.err;
        String directory = System.getProperty("salary.test-logs");
        var printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        LogCapture.installed().redirect(logs);
        try {
            Events events = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                    .selectors(selectClass(tests))
                    .execute().testEvents();
            assertThat(events.started().count()).isPositive();
        } finally {
            System.setErr(console);
            LogCapture.installed().redirect(directory == null ? Path.of("target", "test-logs") : Path.of(directory));
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
