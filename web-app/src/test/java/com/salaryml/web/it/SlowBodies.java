package com.salaryml.web.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Slow clients, as in issue #21: connections that each begin a POST with a large Content-Length and then send
 * its body one byte at a time, far apart, so that the app waits for a body that never comes. One thread drives
 * them all through a selector, so that 300 of them cost the test one thread rather than 300, and watches for
 * the server cutting each one off: whatever it answers, then the connection closing or being reset.
 */
final class SlowBodies implements AutoCloseable {

    /**
     * How one connection ended.
     *
     * @param after      from its first body byte to the server closing it
     * @param statusLine the status line the server answered with before closing, or empty if it sent nothing
     */
    record Cut(Duration after, String statusLine) {
    }

    /** One slow client: its channel, when it sent its first body byte, and what the server sent back. */
    private static final class Client {
        final SocketChannel channel;
        final long firstByteNanos;
        final ByteArrayOutputStream answer = new ByteArrayOutputStream();

        Client(SocketChannel channel, long firstByteNanos) {
            this.channel = channel;
            this.firstByteNanos = firstByteNanos;
        }

        String statusLine() {
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    private static final ByteBuffer BODY_BYTE = ByteBuffer.wrap(new byte[] {' '}).asReadOnlyBuffer();

    private final Selector selector;
    private final List<Client> clients;
    private final Duration betweenBytes;
    private final ConcurrentLinkedQueue<Cut> cuts = new ConcurrentLinkedQueue<>();
    private final CountDownLatch allCut;
    private final Thread driver;
    private volatile long firstCutNanos;
    private volatile boolean closing;
    private volatile IOException failure;

    private SlowBodies(Selector selector, List<Client> clients, Duration betweenBytes) {
        this.selector = selector;
        this.clients = clients;
        this.betweenBytes = betweenBytes;
        this.allCut = new CountDownLatch(clients.size());
        this.driver = new Thread(this::drive, "slow-bodies");
        this.driver.setDaemon(true);
    }

    /**
     * Opens {@code connections} connections to {@code target}, each sending the head of a JSON POST that declares
     * {@code declaredLength} body bytes and the first {@code firstBytes} of them (spaces), then one more every
     * {@code betweenBytes}.
     */
    static SlowBodies start(URI target, int connections, long declaredLength, int firstBytes, Duration betweenBytes)
            throws IOException {
        byte[] head = ("POST " + target.getRawPath() + " HTTP/1.1\r\nHost: " + target.getHost() + ":"
                + target.getPort() + "\r\nContent-Type: application/json\r\nContent-Length: " + declaredLength
                + "\r\n\r\n" + " ".repeat(firstBytes)).getBytes(StandardCharsets.US_ASCII);
        var address = new InetSocketAddress(target.getHost(), target.getPort());
        Selector selector = Selector.open();
        var clients = new ArrayList<Client>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = SocketChannel.open(address);
                clients.add(new Client(channel, System.nanoTime()));
                ByteBuffer buffer = ByteBuffer.wrap(head);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, clients.get(i));
            }
        } catch (IOException e) {
            for (Client client : clients) {
                client.channel.close();
            }
            selector.close();
            throw new IOException("could only open " + clients.size() + " of " + connections
                    + " slow connections to " + target + ": " + e.getMessage(), e);
        }
        var slow = new SlowBodies(selector, clients, betweenBytes);
        slow.driver.start();
        return slow;
    }

    /** How many of the connections the server has not cut off yet. */
    int stillOpen() {
        return (int) allCut.getCount();
    }

    /** When the server cut off the first connection, on {@link System#nanoTime}'s scale; 0 if none yet. */
    long firstCutNanos() {
        return firstCutNanos;
    }

    /** Waits until the server has cut off every connection, or {@code patience} has passed; true if it has. */
    boolean awaitAllCut(Duration patience) throws InterruptedException {
        return allCut.await(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The connections cut off so far. */
    List<Cut> cuts() {
        return List.copyOf(cuts);
    }

    private void drive() {
        long nextByte = System.nanoTime() + betweenBytes.toNanos();
        var buffer = ByteBuffer.allocate(4096);
        try {
            while (!closing && allCut.getCount() > 0) {
                long wait = TimeUnit.NANOSECONDS.toMillis(nextByte - System.nanoTime());
                if (wait > 0) {
                    selector.select(wait);
                } else {
                    selector.selectNow();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Client client = (Client) key.attachment();
                    buffer.clear();
                    try {
                        int read = client.channel.read(buffer);
                        if (read < 0) {
                            cut(key, client);
                        } else {
                            client.answer.write(buffer.array(), 0, read);
                        }
                    } catch (IOException e) {
                        // A reset: cut off without a word.
                        cut(key, client);
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() - nextByte >= 0) {
                    for (SelectionKey key : List.copyOf(selector.keys())) {
                        if (key.isValid()) {
                            sendOneByte(key, (Client) key.attachment());
                        }
                    }
                    nextByte += betweenBytes.toNanos();
                }
            }
        } catch (IOException e) {
            // Reported by close: thrown here, it would only be printed.
            failure = e;
        }
    }

    private void sendOneByte(SelectionKey key, Client client) {
        try {
            client.channel.write(BODY_BYTE.duplicate());
        } catch (IOException e) {
            // The server closed it; the read that sees the close may not have come yet.
            cut(key, client);
        }
    }

    private void cut(SelectionKey key, Client client) {
        long now = System.nanoTime();
        key.cancel();
        try {
            client.channel.close();
        } catch (IOException e) {
            // Already gone; it is cut off either way.
        }
        if (firstCutNanos == 0) {
            firstCutNanos = now == 0 ? 1 : now;
        }
        cuts.add(new Cut(Duration.ofNanos(now - client.firstByteNanos), client.statusLine()));
        allCut.countDown();
    }

    /** Stops sending and closes every connection still open; fails if driving them failed. */
    @Override
    public void close() throws IOException {
        closing = true;
        selector.wakeup();
        try {
            driver.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Client client : clients) {
            client.channel.close();
        }
        selector.close();
        if (failure != null) {
            throw new IOException("the selector driving the slow connections failed", failure);
        }
    }
}
