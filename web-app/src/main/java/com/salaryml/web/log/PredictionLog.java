package com.salaryml.web.log;

import com.salaryml.web.AppConfig;
import com.salaryml.web.PredictionEvent;
import com.salaryml.web.PredictionListener;
import java.nio.file.Path;

/** The optional prediction log. (Skeleton: to be filled in with the asynchronous, rotating writer.) */
public final class PredictionLog implements PredictionListener, AutoCloseable {

    /** Called when a record is dropped because the queue is full. */
    public interface DropCounter {
        void dropped();
    }

    private final Path path;

    private PredictionLog(Path path) {
        this.path = path;
    }

    /** Opens the log configured in {@code config}; the caller checked that one is configured. */
    public static PredictionLog open(Path path, AppConfig config, DropCounter drops) {
        return new PredictionLog(path);
    }

    public Path path() {
        return path;
    }

    @Override
    public void predicted(PredictionEvent event) {
    }

    @Override
    public void close() {
    }
}
