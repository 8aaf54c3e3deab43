package com.salaryml.testlog;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Puts the capture in place when the test JVM's launcher session opens, before any test engine runs: what is
 * logged before the first test class starts, or by a test engine other than Jupiter, stays off the console too.
 */
public final class CaptureFromTheStart implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LogCapture.installed();
    }
}
