package com.salaryml.testlog;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Keeps a green test run quiet and a red one informative. What the code under test logs (the app's refusals
 * of broken models, a container's start-up, the stack traces of errors a test provokes on purpose) goes to
 * {@code target/test-logs/<test class>.log} instead of the console; when a test fails, what its class's set-up
 * and the test itself logged is printed after all, beside the failure.
 *
 * <p>Registered for every test through JUnit's extension auto-detection, which the build switches on.
 */
public final class CapturedLog implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, TestWatcher,
        LifecycleMethodExecutionExceptionHandler {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getTestClass().isPresent() && context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty()) {
            LogCapture.installed().startClass(context.getRequiredTestClass().getName());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LogCapture.installed().startTest(context.getDisplayName().equals(context.getRequiredTestMethod().getName() + "()")
                ? context.getRequiredTestMethod().getName()
                : context.getRequiredTestMethod().getName() + " " + context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty()) {
            LogCapture.installed().endClass();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        print(context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName());
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        print("the set-up of " + context.getDisplayName());
        throw throwable;
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        print("the tear-down of " + context.getDisplayName());
        throw throwable;
    }

    private static void print(String title) {
        LogCapture capture = LogCapture.installed();
        capture.flush();
        String report = capture.report(title);
        if (report != null) {
            System.err.print(report);
            System.err.flush();
        }
    }
}
