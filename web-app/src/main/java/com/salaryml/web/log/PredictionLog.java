package com.salaryml.web.log;

import com.salaryml.web.config.AppConfig;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.PredictionListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The optional prediction log: one JSON line per predicted instance, for audits and for monitoring what the
 * model is asked (docs/prediction-log.md says what a line holds).
 *
 * <p>Requests never wait for the disk. {@link #predicted} only offers records to a bounded queue; when the
 * queue is full the record is dropped and counted. One daemon thread writes the records through a buffered
 * writer, flushing whenever the queue runs empty, and rotates the file by size. A failing disk never fails a
 * request: the error is logged, the records lost are counted as dropped, and the file is opened again for the
 * next record.
 */
public final class PredictionLog implements PredictionListener, AutoCloseable {

    /** Called once for every record that never reaches the disk: the queue was full, or the disk failed. */
    public interface DropCounter {
        void dropped();
    }

    /**
     * Hears of every record the queue took, on the request thread: what an outcome can later be joined to. A
     * record the queue refused never reaches the file, so it is not heard of.
     */
    @FunctionalInterface
    public interface Taken {
        void taken(PredictionEvent event, int index);

        Taken NOBODY = (event, index) -> { };
    }

    private static final System.Logger LOG = System.getLogger(PredictionLog.class.getName());

    /** How long {@link #close()} waits for the queue to be written before it gives up on a stuck disk. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    /** One instance of one event; sharing the event keeps a queued record to a few bytes. */
    private record Entry(PredictionEvent event, int index) {
    }

    /** Tells the writer that nothing comes after it. */
    private static final Entry STOP = new Entry(null, -1);

    private final Path path;
    private final DropCounter drops;
    private final Taken taken;
    /** Null when the log could not be opened and the app runs without it. */
    private final BlockingQueue<Entry> queue;
    private final RotatingFile file;
    private final Thread writer;
    private volatile boolean closed;

    // Used by the writer thread only.
    private int unflushed;
    private boolean failing;

    private PredictionLog(Path path, DropCounter drops, Taken taken, RotatingFile file, int capacity) {
        this.path = path;
        this.drops = drops;
        this.taken = taken;
        this.file = file;
        this.queue = file == null ? null : new ArrayBlockingQueue<>(capacity);
        this.writer = file == null ? null : new Thread(this::run, "salary-prediction-log");
    }

    /**
     * Opens the log configured in {@code config}; the caller checked that one is configured. If the file
     * cannot be opened, the reason is logged and the returned log writes nothing: the app runs without it.
     */
    public static PredictionLog open(Path path, AppConfig config, DropCounter drops) {
        return open(path, config, drops, Taken.NOBODY, RotatingFile.Output.FILE);
    }

    /** As {@link #open(Path, AppConfig, DropCounter)}, telling {@code taken} of every record the queue takes. */
    public static PredictionLog open(Path path, AppConfig config, DropCounter drops, Taken taken) {
        return open(path, config, drops, taken, RotatingFile.Output.FILE);
    }

    /** As {@link #open(Path, AppConfig, DropCounter)}, writing through {@code output}. */
    static PredictionLog open(Path path, AppConfig config, DropCounter drops, RotatingFile.Output output) {
        return open(path, config, drops, Taken.NOBODY, output);
    }

    private static PredictionLog open(Path path, AppConfig config, DropCounter drops, Taken taken,
                                      RotatingFile.Output output) {
        var file = new RotatingFile(path, config.predictionLogMaxBytes(), config.predictionLogFiles(), output);
        try {
            file.open();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "The prediction log cannot be opened at " + path + ", so the app runs without it: "
                    + e);
            file.abandon();
            return new PredictionLog(path, drops, taken, null, 0);
        }
        var log = new PredictionLog(path, drops, taken, file, config.predictionLogQueue());
        log.writer.setDaemon(true);
        log.writer.start();
        return log;
    }

    public Path path() {
        return path;
    }

    /** Whether records are being written; false when the log could not be opened at start. */
    public boolean isOn() {
        return queue != null;
    }

    /** Queues one record per instance, never waiting: a record that finds the queue full is dropped. */
    @Override
    public void predicted(PredictionEvent event) {
        if (queue == null) {
            return;
        }
        for (int i = 0; i < event.predictions().size(); i++) {
            if (closed || !queue.offer(new Entry(event, i))) {
                drops.dropped();
            } else {
                taken.taken(event, i);
            }
        }
    }

    private void run() {
        try {
            for (Entry entry = queue.take(); entry != STOP; entry = queue.take()) {
                write(entry);
                if (queue.isEmpty()) {
                    flush();
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting for a stuck disk; it counts what is still queued as dropped.
        } finally {
            if (file.isOpen()) {
                try {
                    file.close();
                    unflushed = 0;
                } catch (IOException | RuntimeException e) {
                    lose(e);
                }
            }
        }
    }

    private void write(Entry entry) {
        // Counted before it is written: if anything below fails, this record is among those lost.
        unflushed++;
        try {
            if (!file.isOpen()) {
                file.open();
            }
            LogRecord.write(file.generator(), entry.event(), entry.index());
            if (file.endRecord()) {
                file.close();
                unflushed = 0;
                file.rotate();
            }
        } catch (IOException | RuntimeException e) {
            lose(e);
        }
    }

    private void flush() {
        if (!file.isOpen()) {
            return;
        }
        try {
            file.flush();
            unflushed = 0;
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "The prediction log {0} is being written again", path);
            }
        } catch (IOException | RuntimeException e) {
            lose(e);
        }
    }

    /**
     * Everything written since the last flush may be lost with the file's buffers, so all of it is counted as
     * dropped; some of it may in fact have reached the disk. The file is opened again for the next record.
     */
    private void lose(Exception cause) {
        file.abandon();
        for (int i = 0; i < unflushed; i++) {
            drops.dropped();
        }
        unflushed = 0;
        if (!failing) {
            // Once per outage, not once per record: a full disk must not also flood the server log.
            failing = true;
            LOG.log(Level.ERROR, "Writing the prediction log " + path + " failed; records are dropped until it"
                    + " works again", cause);
        }
    }

    /**
     * Writes everything already queued, then stops the writer. Records that arrive meanwhile are dropped. A
     * disk that does not finish within {@value #CLOSE_WAIT_SECONDS} seconds is given up on, so an undeploy never
     * hangs; what is left in the queue then is counted as dropped.
     */
    @Override
    public synchronized void close() {
        if (queue == null || closed) {
            return;
        }
        closed = true;
        try {
            if (queue.offer(STOP, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                writer.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.log(Level.WARNING, "The prediction log {0} did not finish writing within {1} seconds;"
                    + " the records still queued are dropped", path, CLOSE_WAIT_SECONDS);
            writer.interrupt();
        }
        // Records that came in between the last check of closed and STOP, or that a stuck writer never took.
        for (Entry left = queue.poll(); left != null; left = queue.poll()) {
            if (left != STOP) {
                drops.dropped();
            }
        }
    }
}
