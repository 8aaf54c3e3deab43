package com.salaryml.web.log;

import com.salaryml.web.config.AppConfig;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.PredictionListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The optional prediction log: one JSON line per predicted instance, for audits and for monitoring what the
 * model is asked (docs/prediction-log.md says what a line holds).
 *
 * <p>Requests never wait for the disk. {@link #predicted} only offers a request's records to a bounded queue;
 * records the queue refuses are dropped and counted. One daemon thread writes the records through a buffered
 * writer, flushing whenever the queue runs empty, and rotates the file by size.
 *
 * <p><b>Fair room.</b> The queue holds {@code salary.prediction-log.queue} records, shared by the rules of
 * {@link FairRoom}: a request's records are taken or refused as a whole, and a flood of batches cannot crowd out
 * single predictions. The room a record takes is given back as soon as the writer has handed it to the file.
 *
 * <p><b>Losses are counted, whatever causes them.</b> A failing disk never fails a request: the error is logged
 * once per outage, everything written since the last flush is counted as dropped (some may have reached the
 * disk), and the file is opened again for the next record. A writer thread that dies of an {@link Error} (an
 * {@link OutOfMemoryError} while writing, say) counts what it held as dropped (the records since the last flush
 * and the rest of the request it was writing), and is replaced at once by a new one, which {@link Meter} counts;
 * should that fail too, the next prediction tries again. Records still queued at {@link #close()} that the writer
 * cannot finish are counted as well. {@link #problem()} says, for {@code /health/ready} and the metrics, whether
 * records are being written.
 */
public final class PredictionLog implements PredictionListener, AutoCloseable {

    /** What the log reports to its metrics ({@link PredictionLogMetrics}); called from any thread. */
    public interface Meter {
        /** {@code records} never reach the record, for {@code reason}. */
        void dropped(DropReason reason, int records);

        /** The writer thread died of an error and another was started in its place. */
        void writerRestarted();
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

    /**
     * One request's records; sharing the event keeps a queued request to a few bytes beyond its own. Compared by
     * identity, not by its event, so that a request takes back only its own entry (see {@link #predicted}).
     */
    private static final class Queued {
        final PredictionEvent event;

        Queued(PredictionEvent event) {
            this.event = event;
        }
    }

    /** Tells the writer that nothing comes after it. */
    private static final Queued STOP = new Queued(null);

    private final Path path;
    private final Meter meter;
    private final Taken taken;
    private final RotatingFile file;
    /** Null when the log could not be opened and the app runs without it. */
    private final BlockingQueue<Queued> queue;
    /** The records the queue may hold, shared fairly; a record's room is given back once handed to the file. */
    private final FairRoom room;
    /** Guards starting a writer, so that a dying writer and a request never start two. */
    private final Object starting = new Object();
    private volatile Thread writer;
    private volatile boolean closed;
    /** Whether the last write or flush failed, or a writer died, and no flush has succeeded since. */
    private volatile boolean failing;
    /** Whether a writer died and no new one could be started. */
    private volatile boolean writerDown;

    // Used by the writer thread only; a new writer is started after the old one stopped using them.
    private int unflushed;
    /** The request being written, and how many of its records have been handed to the file. */
    private PredictionEvent current;
    private int handed;

    private PredictionLog(Path path, Meter meter, Taken taken, RotatingFile file, int capacity) {
        this.path = path;
        this.meter = meter;
        this.taken = taken;
        this.file = file;
        this.room = new FairRoom(capacity);
        // Unbounded in requests: the room is counted in records, by the FairRoom, before anything is added.
        this.queue = file == null ? null : new LinkedBlockingQueue<>();
    }

    /**
     * Opens the log configured in {@code config}; the caller checked that one is configured. If the file
     * cannot be opened, the reason is logged and the returned log writes nothing: the app runs without it.
     */
    public static PredictionLog open(Path path, AppConfig config, Meter meter) {
        return open(path, config, meter, Taken.NOBODY, RotatingFile.Output.FILE);
    }

    /** As {@link #open(Path, AppConfig, Meter)}, telling {@code taken} of every record the queue takes. */
    public static PredictionLog open(Path path, AppConfig config, Meter meter, Taken taken) {
        return open(path, config, meter, taken, RotatingFile.Output.FILE);
    }

    /** As {@link #open(Path, AppConfig, Meter)}, writing through {@code output}. */
    static PredictionLog open(Path path, AppConfig config, Meter meter, RotatingFile.Output output) {
        return open(path, config, meter, Taken.NOBODY, output);
    }

    private static PredictionLog open(Path path, AppConfig config, Meter meter, Taken taken,
                                      RotatingFile.Output output) {
        var file = new RotatingFile(path, config.predictionLogMaxBytes(), config.predictionLogFiles(), output);
        try {
            file.open();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "The prediction log cannot be opened at " + path + ", so the app runs without it: "
                    + e);
            file.abandon();
            return new PredictionLog(path, meter, taken, null, 0);
        }
        var log = new PredictionLog(path, meter, taken, file, config.predictionLogQueue());
        log.startWriter(false);
        return log;
    }

    public Path path() {
        return path;
    }

    /** Whether records are being written; false when the log could not be opened at start. */
    public boolean isOn() {
        return queue != null;
    }

    /**
     * Why records are not being written, for {@code /health/ready} and the metrics; empty while they are. In
     * words fit for any caller: no path and no exception, which the server log has.
     */
    public Optional<String> problem() {
        if (queue == null) {
            return Optional.of("it could not be opened at start, so nothing is logged; the server log says why");
        }
        if (writerDown) {
            return Optional.of("its writer stopped and could not be restarted, so records wait and are dropped once"
                    + " the queue is full; the server log says why");
        }
        if (failing) {
            return Optional.of("writing it failed, so records are dropped until a write succeeds; the server log"
                    + " says why");
        }
        return Optional.empty();
    }

    /** The thread writing the records now; for the tests that watch one die and another take its place. */
    Thread writer() {
        return writer;
    }

    /** Queues the request's records, all or none, never waiting: records that find no room are dropped. */
    @Override
    public void predicted(PredictionEvent event) {
        int records = event.predictions().size();
        if (queue == null || records == 0) {
            return;
        }
        if (closed) {
            meter.dropped(DropReason.CLOSING, records);
            return;
        }
        if (!room.claim(records)) {
            meter.dropped(DropReason.QUEUE_FULL, records);
            return;
        }
        if (writerDown) {
            // The last writer died and no new one could be started then; perhaps one can be now.
            startWriter(true);
        }
        var queuedEvent = new Queued(event);
        queue.add(queuedEvent);
        if (closed && queue.remove(queuedEvent)) {
            // close() came in between: its count of what is left may have missed this, so it is counted here.
            room.release(records);
            meter.dropped(DropReason.CLOSING, records);
            return;
        }
        for (int i = 0; i < records; i++) {
            taken.taken(event, i);
        }
    }

    /**
     * Starts a writer: the first, or one in place of a writer that died. A replacement is counted; one that cannot
     * be started (the error that killed its predecessor may stop a thread from starting too) leaves the log down
     * until the next prediction tries again.
     */
    private void startWriter(boolean replacing) {
        synchronized (starting) {
            Thread running = writer;
            if (running != null && running.isAlive() && running != Thread.currentThread()) {
                return;
            }
            try {
                var next = new Thread(this::run, "salary-prediction-log");
                next.setDaemon(true);
                writer = next;
                next.start();
                writerDown = false;
            } catch (Throwable e) {
                boolean first = !writerDown;
                writerDown = true;
                if (first) {
                    // Once, not at every prediction that tries again.
                    LOG.log(Level.ERROR, "The prediction log " + path + " has no writer, and a new one cannot be"
                            + " started; records wait in its queue, and are dropped once it is full, until one can: "
                            + e);
                }
                return;
            }
        }
        if (replacing) {
            meter.writerRestarted();
        }
    }

    private void run() {
        try {
            writeUntilStopped();
        } catch (InterruptedException e) {
            // close() gave up waiting for a stuck disk; it counts what is still queued as dropped.
        } catch (Throwable error) {
            // Deliberately caught, Errors too: nothing shared is left half done (the queue and the room are
            // consistent at every step, the file is abandoned), so a new writer can go on where this one stopped,
            // and what this one held is counted rather than silently gone.
            died(error);
            return;
        }
        closeFile();
    }

    private void writeUntilStopped() throws InterruptedException {
        for (Queued next = queue.take(); next != STOP; next = queue.take()) {
            current = next.event;
            int records = current.predictions().size();
            for (handed = 0; handed < records; ) {
                // From here the record is the file's: counted among the lost if anything fails before a flush.
                int index = handed;
                handed++;
                unflushed++;
                room.release(1);
                write(current, index);
            }
            current = null;
            if (queue.isEmpty()) {
                flush();
            }
        }
    }

    private void write(PredictionEvent event, int index) {
        try {
            if (!file.isOpen()) {
                file.open();
            }
            LogRecord.write(file.generator(), event, index);
            if (file.endRecord()) {
                file.close();
                saved();
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
            saved();
        } catch (IOException | RuntimeException e) {
            lose(e);
        }
    }

    private void closeFile() {
        if (!file.isOpen()) {
            return;
        }
        try {
            file.close();
            saved();
        } catch (IOException | RuntimeException e) {
            lose(e);
        }
    }

    /** Everything written so far reached the disk: a flush or a close succeeded, so the log works again. */
    private void saved() {
        unflushed = 0;
        if (failing) {
            failing = false;
            LOG.log(Level.INFO, "The prediction log {0} is being written again", path);
        }
    }

    /**
     * Everything written since the last flush may be lost with the file's buffers, so all of it is counted as
     * dropped; some of it may in fact have reached the disk. The file is opened again for the next record.
     */
    private void lose(Exception cause) {
        file.abandon();
        // Failing before the drops are counted, so whoever sees the count also sees the log failing.
        boolean first = !failing;
        failing = true;
        dropUnflushed(DropReason.WRITE_FAILED);
        if (first) {
            // Once per outage, not once per record: a full disk must not also flood the server log.
            LOG.log(Level.ERROR, "Writing the prediction log " + path + " failed; records are dropped until it"
                    + " works again", cause);
        }
    }

    private void dropUnflushed(DropReason reason) {
        if (unflushed > 0) {
            meter.dropped(reason, unflushed);
        }
        unflushed = 0;
    }

    /**
     * The writer dies: what it wrote since the last flush and the rest of the request it was writing are counted
     * as dropped, the file is abandoned, and a new writer takes over the queue.
     */
    private void died(Throwable error) {
        try {
            file.abandon();
        } catch (Throwable ignored) {
            // The file is dropped either way; the error that matters is the one being reported.
        }
        boolean first = !failing;
        failing = true;
        dropUnflushed(DropReason.WRITER_DIED);
        if (current != null) {
            int left = current.predictions().size() - handed;
            current = null;
            if (left > 0) {
                room.release(left);
                meter.dropped(DropReason.WRITER_DIED, left);
            }
        }
        if (first) {
            LOG.log(Level.ERROR, "The prediction log writer died, so its unwritten records are dropped; a new"
                    + " one takes over", error);
        }
        startWriter(true);
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
        queue.add(STOP);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        try {
            // A writer that dies meanwhile is replaced, and the new one goes on to STOP: wait for whichever runs.
            for (Thread running = writer; running.isAlive() || running != writer; running = writer) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                running.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread running = writer;
        if (running.isAlive()) {
            LOG.log(Level.WARNING, "The prediction log {0} did not finish writing within {1} seconds;"
                    + " the records still queued are dropped", path, CLOSE_WAIT_SECONDS);
            running.interrupt();
        }
        // What a stuck writer never took, or what is left when no writer could be started.
        for (Queued left = queue.poll(); left != null; left = queue.poll()) {
            if (left != STOP) {
                int records = left.event.predictions().size();
                room.release(records);
                meter.dropped(DropReason.CLOSING, records);
            }
        }
    }
}
