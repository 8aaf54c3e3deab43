package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow clients (issue #21) against the built WAR in a container configured as docs/deploying.md says: 300
 * connections each dribbling a request body, a byte every 10 seconds, must not keep the app from answering
 * anyone else, and the container must cut them off. The container also gives away no version of itself, in a
 * header or on its own error pages. Subclasses name the container, configured as the docs tell an operator to.
 */
abstract class SlowClientsContract extends DeployedContract {

    static final int SLOW_CLIENTS = 300;
    /** How long a health check or a prediction may take while the slow clients are connected. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    /** The slow clients' pace, as in the issue: one body byte every 10 s, so that no idle timeout ever fires. */
    static final Duration BETWEEN_BYTES = Duration.ofSeconds(10);
    /**
     * A declared body under the app's 1 MiB limit, so that the app waits to read it rather than refusing it by
     * its Content-Length alone.
     */
    static final long DECLARED_LENGTH = 1_000_000;
    /**
     * What each slow client sends of its body at once, before it slows down. Jetty checks its rate at every read,
     * from the first byte: after one byte alone, a read only 2 ms late already falls under 1 KiB/s, and on a busy
     * machine some clients would be cut off before the probes see all 300 held. With 4 KiB Jetty cuts them at
     * their next byte, 10 s in, as it would the clients.
     */
    static final int FIRST_BYTES = 4096;
    /**
     * How long after its first byte the container must have cut a slow client off: past what the limits the
     * containers are given take (Jetty's rate cuts at the next byte, 10 s in; Tomcat's upload timeout answers
     * 400 at 5 s and closes 5 s later, after waiting as long again for the rest of the body), with room for a slow
     * machine, and short of the idle timeouts (30 s Jetty, 60 s Tomcat), so that a cut by an idle timeout alone
     * would fail.
     */
    static final Duration CUT_WITHIN = Duration.ofSeconds(25);

    /** A request sent while the slow clients were connected, and how it went. */
    record Probe(String what, long startNanos, Duration took, int status, String body, String server) {

        /** A probe that got no answer (RawHttp gives up after 30 s): status 0. */
        static Probe unanswered(String what, long startNanos, Exception failure) {
            return new Probe(what, startNanos, Duration.ofNanos(System.nanoTime() - startNanos), 0,
                    failure.toString(), null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The container's version as it would show it, to look for in what it sends. */
    abstract String containerVersion();

    @BeforeAll
    void deployOnce() throws Exception {
        app = container().deploy(Container.builtWar(), "/salary", Map.of());
    }

    @Test
    void healthAndPredictionsAnswerWithinTwoSecondsWhileThreeHundredSlowClientsAreCutOff() throws Exception {
        // Warm up first, so that what is measured below is waiting, not class loading.
        probe("GET health/live");
        probe("POST api/v1/predict");

        var probes = new ArrayList<Probe>();
        List<SlowBodies.Cut> cuts;
        boolean allCut;
        long started;
        try (LogCapture log = LogCapture.start();
                SlowBodies slow = SlowBodies.start(at("api/v1/predict"), SLOW_CLIENTS, DECLARED_LENGTH,
                        FIRST_BYTES, BETWEEN_BYTES)) {
            started = System.nanoTime();
            // Probe until the container has cut every slow client off, twice a second.
            long deadline = started + CUT_WITHIN.plusSeconds(10).toNanos();
            while (slow.stillOpen() > 0 && System.nanoTime() - deadline < 0) {
                probes.add(probe("GET health/live"));
                probes.add(probe("POST api/v1/predict"));
                slow.awaitAllCut(Duration.ofMillis(500));
            }
            allCut = slow.stillOpen() == 0;
            cuts = slow.cuts();
            // Some probes must have been answered before the container cut the first slow client off, or the
            // 2 s below would only say how fast an idle app is.
            long firstCut = slow.firstCutNanos();
            assertThat(probes.stream().filter(probe -> firstCut == 0
                    || probe.startNanos() + probe.took().toNanos() - firstCut < 0))
                    .as("probes answered while all %d slow clients were connected, the first cut off at %s; "
                            + "probes: %s; cut: %s", SLOW_CLIENTS, seconds(firstCut - started),
                            timeline(probes, started), summary(slow.cuts()))
                    .isNotEmpty();
            assertThat(log.stackTraces()).as("stack traces logged while slow clients were cut off").isEmpty();
        }

        for (Probe probe : probes) {
            String shown = probe.what() + " at " + seconds(probe.startNanos() - started) + " after the slow clients "
                    + "connected took " + seconds(probe.took().toNanos()) + ": " + probe.status() + " " + probe.body()
                    + "; all probes: " + timeline(probes, started) + "; cut: " + summary(cuts);
            assertThat(probe.status()).as(shown).isEqualTo(200);
            assertThat(probe.took()).as(shown).isLessThanOrEqualTo(ANSWER_WITHIN);
            assertNoVersion(probe.server(), shown);
            if (probe.what().startsWith("POST")) {
                assertThat(JSON.readTree(probe.body()).get("salary").doubleValue())
                        .as(shown).isCloseTo(SalaryAppContract.REFERENCE_SALARY, within(0.005));
            }
        }
        assertThat(allCut).as("every slow client cut off within %s; cut: %s", CUT_WITHIN, summary(cuts)).isTrue();
        assertThat(cuts).hasSize(SLOW_CLIENTS).allSatisfy(cut -> {
            assertThat(cut.after()).as("cut off after").isLessThanOrEqualTo(CUT_WITHIN);
            // Cut off as the client's fault, if with an answer at all: never a server error.
            assertThat(cut.statusLine()).as("answer to a slow client").doesNotMatch("HTTP/1\\.1 5\\d\\d.*");
        });
    }

    @Test
    void noResponseHeaderNamesTheContainersVersion() throws Exception {
        for (String sent : List.of("GET health/live", "GET ", "GET no/such/page", "POST api/v1/predict")) {
            Probe probe = probe(sent);
            assertNoVersion(probe.server(), sent);
        }
    }

    /**
     * A request the container refuses before any web app sees it (a request line that is not HTTP) is answered
     * by the container's own error page, which names no version of it.
     */
    @Test
    void theContainersOwnErrorPageNamesNoVersion() throws Exception {
        URI base = at("");
        RawHttp.Reply reply = RawHttp.send(base, "GET " + base.getRawPath() + "<script> HTTP/1.1\r\nHost: "
                + base.getHost() + ":" + base.getPort() + "\r\nConnection: close\r\n\r\n");
        String shown = reply.head() + " " + reply.body();
        assertThat(reply.head().status()).as(shown).isEqualTo(400);
        assertThat(reply.head().headers()).as(shown).doesNotContainKey("content-security-policy");
        assertNoVersion(reply.head().headers().get("server"), shown);
        assertThat(reply.body()).as(shown).doesNotContain(containerVersion())
                .doesNotContainIgnoringCase("powered by");
        for (String value : reply.head().headers().values()) {
            assertThat(value).as(shown).doesNotContain(containerVersion());
        }
    }

    private void assertNoVersion(String serverHeader, String shown) {
        if (serverHeader != null) {
            assertThat(serverHeader).as("Server header of " + shown).doesNotContain(containerVersion())
                    .doesNotContainPattern("\\d");
        }
    }

    /**
     * "GET path" or "POST path" (the reference prediction), timed, each over a new connection as a load
     * balancer's health check makes it: a connection kept open from before the slow clients came would not show
     * whether the container still takes new ones.
     */
    private Probe probe(String what) {
        String[] parts = what.split(" ", 2);
        URI uri = at(parts[1]);
        String body = parts[0].equals("POST") ? SalaryAppContract.REFERENCE : "";
        String request = parts[0] + " " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                + uri.getPort() + "\r\nConnection: close\r\n" + (body.isEmpty() ? ""
                : "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n") + "\r\n" + body;
        long start = System.nanoTime();
        try {
            RawHttp.Reply reply = RawHttp.send(uri, request);
            return new Probe(what, start, Duration.ofNanos(System.nanoTime() - start), reply.head().status(),
                    reply.body(), reply.head().headers().get("server"));
        } catch (IOException e) {
            return Probe.unanswered(what, start, e);
        }
    }

    /** Each probe as "what at start: status in time", for a failure message. */
    private static String timeline(List<Probe> probes, long started) {
        return probes.stream().map(probe -> probe.what() + " at " + seconds(probe.startNanos() - started) + ": "
                + probe.status() + " in " + seconds(probe.took().toNanos())).toList().toString();
    }

    /** The cuts by what the container answered, each with the shortest and longest time to it. */
    private static String summary(List<SlowBodies.Cut> cuts) {
        var byAnswer = new TreeMap<String, LongSummaryStatistics>();
        for (SlowBodies.Cut cut : cuts) {
            byAnswer.computeIfAbsent(cut.statusLine().isEmpty() ? "(no answer)" : cut.statusLine(),
                    answer -> new LongSummaryStatistics()).accept(cut.after().toNanos());
        }
        var shown = new ArrayList<String>();
        byAnswer.forEach((answer, after) -> shown.add(after.getCount() + " \u00d7 " + answer + " after "
                + seconds(after.getMin()) + " to " + seconds(after.getMax())));
        return shown.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
