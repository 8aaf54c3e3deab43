package com.salaryml.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * The bytes this JVM's threads have allocated on the heap, a counter that only grows: the load harness reads it
 * before and after a measurement and divides the difference by the requests served.
 *
 * <p>HotSpot counts every thread's allocation exactly, in its TLABs and outside them
 * ({@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}), but only while the thread lives: Java 17 has
 * no total that keeps an ended thread's bytes (Java 21's {@code getTotalThreadAllocatedBytes} does). So the sum is
 * taken over the live threads, and a thread that has ended is counted with the bytes it had when last seen. A
 * sampler reads every thread every {@value #SAMPLE_MILLIS} ms, so that what is lost is at most what a thread
 * allocated in its last {@value #SAMPLE_MILLIS} ms, and threads end when their pool finds them idle, with
 * nothing allocated in that time; Jetty's own pool keeps its threads anyway (LoadServer). The GC-based figures
 * (young generation used before each collection) would count the same bytes less exactly: G1 allocates humongous
 * objects outside the young generation, and eden's fill at the two readings is only known to a region.
 *
 * <p>The sampler's own allocation (two arrays and a map of about 40 threads, 10 times a second) is a few tens of
 * KB a second, under 0.1% of what a server under wrk's load allocates; the reading's own request is one request
 * among thousands. Neither is subtracted.
 */
final class AllocatedBytes {

    /** How often every thread is read, so that an ending thread's bytes are kept. */
    static final long SAMPLE_MILLIS = 100;

    private static final AllocatedBytes INSTANCE = new AllocatedBytes();

    private final com.sun.management.ThreadMXBean threads;
    /** Each live thread's bytes when last read; guarded by this. */
    private Map<Long, Long> lastSeen = new HashMap<>();
    /** The bytes of threads that have ended, as last read; guarded by this. */
    private long ended;

    private AllocatedBytes() {
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM does not count the bytes each thread allocates");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        var sampler = new Thread(() -> {
            try {
                while (true) {
                    read();
                    Thread.sleep(SAMPLE_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "allocation-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The counter of this JVM, sampling from its first use on. */
    static AllocatedBytes instance() {
        return INSTANCE;
    }

    /** Bytes allocated by every thread seen since the first use, ended threads included, as of now. */
    synchronized long read() {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        var now = new HashMap<Long, Long>(ids.length * 2);
        long live = 0;
        for (int i = 0; i < ids.length; i++) {
            // -1: the thread ended between the two calls; its bytes are those last seen, below.
            if (bytes[i] >= 0) {
                now.put(ids[i], bytes[i]);
                live += bytes[i];
            }
        }
        // Thread ids are never reused, so an id gone from the live threads is a thread that ended.
        for (Map.Entry<Long, Long> seen : lastSeen.entrySet()) {
            if (!now.containsKey(seen.getKey())) {
                ended += seen.getValue();
            }
        }
        lastSeen = now;
        return ended + live;
    }
}
