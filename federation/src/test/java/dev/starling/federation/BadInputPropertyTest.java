package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property: whatever arguments arrive, in whatever order, every call returns a future that
 * completes with the value {@link ApiModel} predicts or fails with a {@link StarlingException}
 * whose code the model allows; nothing else escapes, no call throws, and afterwards the engine
 * still holds and serves exactly what the model holds. Random sequences of calls with hostile
 * names, texts (control characters, lone surrogates, megabyte strings, null), limits and cursors
 * run against both engine kinds; each run is replayed by its seed.
 */
class BadInputPropertyTest {

    private static final int CALLS_PER_RUN = 1_000;
    private static final long[] SEEDS = {1, 2, 3, 20_240_601};
    private static final String DOMAIN = "vub.be";

    private Deployment deployment;

    @AfterEach
    void close() {
        if (deployment != null) {
            deployment.close();
        }
    }

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (EngineKind kind : EngineKind.values()) {
            for (long seed : SEEDS) {
                runs.add(Arguments.of(kind, seed));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("runs")
    void shouldAnswerOnlyTypedErrorsAndKeepServingCorrectly(EngineKind kind, long seed) {
        deployment = Deployment.builder().instances(DOMAIN).engine(kind).threads(2).shardsPerInstance(4)
                .expectedLoad(500, 50, 20).start();
        Run run = new Run(deployment, new HostileInputs(seed), "seed " + seed + " on " + kind);
        for (int i = 0; i < CALLS_PER_RUN; i++) {
            run.step(i);
        }
        System.out.println(kind + " seed " + seed + ": " + run.tally);
        assertTrue(run.tally.keySet().containsAll(List.of("ok", "INVALID_NAME", "INVALID_TEXT", "INVALID_ARGUMENT",
                "USER_EXISTS", "UNKNOWN_USER", "UNKNOWN_INSTANCE")), "the inputs reach every rule: " + run.tally);
        run.checkEverythingServed();
        run.checkAfterClose();
        deployment = null;
    }

    /**
     * The model's timeline rules where they bite: a follow after 150 messages (more than the
     * backfill), then enough messages from two followed users that the 800-entry window is full.
     * The engine's timelines must satisfy the model, and the model must refuse a timeline with
     * one required entry dropped, one repeated, or two swapped.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(EngineKind.class)
    void shouldHoldTheBackfillAndTheWindowAsTheModelSays(EngineKind kind) {
        deployment = Deployment.builder().instances(DOMAIN).engine(kind).threads(2).shardsPerInstance(4)
                .expectedLoad(100, 1_000, 10).start();
        Instance vub = deployment.instance(DOMAIN);
        ApiModel model = new ApiModel(DOMAIN);
        Session alice = Api.await(vub.registerUser("alice"));
        Session carol = Api.await(vub.registerUser("carol"));
        Session bob = Api.await(vub.registerUser("bob"));
        ApiModel.User a = model.register("alice");
        ApiModel.User c = model.register("carol");
        ApiModel.User b = model.register("bob");
        for (int i = 0; i < 150; i++) {
            a.messages.add(Api.await(alice.sendMessage("early " + i)));
        }
        Api.await(bob.follow("alice"));
        b.follow("alice", a);
        Api.await(bob.follow("carol"));
        b.follow("carol", c);
        for (int i = 0; i < 450; i++) {
            a.messages.add(Api.await(alice.sendMessage("late " + i)));
            c.messages.add(Api.await(carol.sendMessage("late " + i)));
        }
        assertTrue(deployment.awaitQuiescent(Duration.ofSeconds(30)));
        List<Message> shown = Api.await(bob.timeline(10_000));
        assertEquals(null, model.timelineViolation(b, shown), kind + ": bob's timeline");
        assertTrue(shown.size() >= ApiModel.WINDOW, "the window is full: " + shown.size());

        List<Message> dropped = new ArrayList<>(shown);
        dropped.remove(400);
        List<Message> repeated = new ArrayList<>(shown);
        repeated.add(401, repeated.get(400));
        List<Message> swapped = new ArrayList<>(shown);
        java.util.Collections.swap(swapped, 10, 11);
        for (List<Message> wrong : List.of(dropped, repeated, swapped)) {
            assertTrue(model.timelineViolation(b, wrong) != null, "the model refuses a wrong timeline");
        }
        List<Message> noBackfill = new ArrayList<>(model.requiredTimeline(b));
        noBackfill.removeIf(m -> m.text().startsWith("early "));
        assertTrue(model.requiredTimeline(b).size() > noBackfill.size(), "the backfill is required");
        assertEquals(100, model.requiredTimeline(b).stream().filter(m -> m.text().startsWith("early ")).count(),
                "the newest 100 of the 150 sent before the follow");
    }

    /** Null is bad input like any other: the rule's own code in a failed future, never a thrown exception. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(EngineKind.class)
    void shouldAnswerNullArgumentsWithTheCodeOfTheirRule(EngineKind kind) {
        deployment = Deployment.builder().instances(DOMAIN).engine(kind).start();
        Instance vub = deployment.instance(DOMAIN);
        Session alice = Api.await(vub.registerUser("alice"));
        List<Supplier<CompletableFuture<?>>> calls = List.of(() -> vub.registerUser(null), () -> vub.logIn(null),
                () -> alice.follow(null), () -> alice.profile(null, 10), () -> alice.profile(null, 10, 1));
        for (Supplier<CompletableFuture<?>> call : calls) {
            Api.expectError(ErrorCode.INVALID_NAME, call.get());
        }
        Api.expectError(ErrorCode.INVALID_TEXT, alice.sendMessage(null));
        assertEquals(ErrorCode.UNKNOWN_INSTANCE,
                org.junit.jupiter.api.Assertions.assertThrows(StarlingException.class, () -> deployment.instance(null)).code());
        assertEquals("bob@vub.be", Api.await(vub.registerUser("bob")).user(), "and it serves on");
    }

    @org.junit.jupiter.api.Test
    void shouldRejectBadSettingsWithInvalidArgument() {
        List<Supplier<Deployment>> bad = List.of(
                () -> Deployment.builder().threads(0).start(),
                () -> Deployment.builder().threads(-1).start(),
                () -> Deployment.builder().threads(Integer.MAX_VALUE).start(),
                () -> Deployment.builder().shardsPerInstance(0).start(),
                () -> Deployment.builder().shardsPerInstance(65).start(),
                () -> Deployment.builder().ringSize(0).start(),
                () -> Deployment.builder().ringSize(63).start(),
                () -> Deployment.builder().ringSize(100).start(),
                () -> Deployment.builder().ringSize(Integer.MIN_VALUE).start(),
                () -> Deployment.builder().backfill(99).start(),
                () -> Deployment.builder().backfill(801).start(),
                () -> Deployment.builder().expectedLoad(0, 1, 1).start(),
                () -> Deployment.builder().expectedLoad(1, -1, 1).start(),
                () -> Deployment.builder().idleMode(null).start(),
                () -> Deployment.builder().engine(null).start(),
                () -> Deployment.builder().instances("bad domain").start(),
                () -> Deployment.builder().instances("").start(),
                () -> Deployment.builder().instances("vub.be", null).start(),
                () -> Deployment.builder().instances("\uD800.be").start());
        for (int i = 0; i < bad.size(); i++) {
            Supplier<Deployment> start = bad.get(i);
            try (Deployment d = start.get()) {
                fail("setting " + i + " was accepted: " + d);
            } catch (StarlingException e) {
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), "setting " + i + ": " + e.getMessage());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void shouldRejectANullDomainListWithInvalidArgument() {
        StarlingException e = org.junit.jupiter.api.Assertions.assertThrows(StarlingException.class,
                () -> Deployment.builder().instances((String[]) null));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }

    /** One random sequence of calls against one deployment, checked call by call against the model. */
    private static final class Run {
        private final Deployment deployment;
        private final Instance instance;
        private final HostileInputs in;
        private final String label;
        private final ApiModel model = new ApiModel(DOMAIN);
        private final List<Session> sessions = new ArrayList<>();
        private final List<Long> stamps = new ArrayList<>();
        private final Set<Long> ids = new HashSet<>();
        private String call = "";
        /** How the calls ended: "ok" or the error code, with counts. */
        final java.util.Map<String, Integer> tally = new java.util.TreeMap<>();

        Run(Deployment deployment, HostileInputs in, String label) {
            this.deployment = deployment;
            this.instance = deployment.instance(DOMAIN);
            this.in = in;
            this.label = label;
        }

        void step(int i) {
            int op = in.nextInt(100);
            if (sessions.isEmpty() || op < 15) {
                register(in.nameOrNull(model.localNames()));
            } else if (op < 25) {
                logIn(in.nameOrNull(model.localNames()));
            } else if (op < 40) {
                follow(in.pick(sessions), in.nameOrNull(model.localNames()));
            } else if (op < 65) {
                send(in.pick(sessions), in.textOrNull());
            } else if (op < 75) {
                timeline(in.pick(sessions), in.limit(), in.chance(50) ? in.before(stamps) : null);
            } else if (op < 95) {
                profile(in.pick(sessions), in.nameOrNull(model.localNames()), in.limit(),
                        in.chance(50) ? in.before(stamps) : null);
            } else {
                lookUpInstance(in.chance(10) ? null : in.pick(in.chance(50) ? HostileInputs.DEPLOYED_DOMAINS
                        : in.chance(50) ? HostileInputs.OTHER_DOMAINS : HostileInputs.INVALID_DOMAINS));
            }
        }

        private void register(String name) {
            String local = model.localOnInstance(name);
            Set<ErrorCode> allowed = local == null ? EnumSet.of(ErrorCode.INVALID_NAME)
                    : model.user(local) != null ? EnumSet.of(ErrorCode.USER_EXISTS) : none();
            Session s = expect("registerUser(" + show(name) + ")", allowed, () -> instance.registerUser(name));
            if (s != null) {
                assertEquals(local + "@" + DOMAIN, s.user(), where());
                model.register(local);
                sessions.add(s);
            }
        }

        private void logIn(String name) {
            String local = model.localOnInstance(name);
            Set<ErrorCode> allowed = local == null ? EnumSet.of(ErrorCode.INVALID_NAME)
                    : model.user(local) == null ? EnumSet.of(ErrorCode.UNKNOWN_USER) : none();
            Session s = expect("logIn(" + show(name) + ")", allowed, () -> instance.logIn(name));
            if (s != null) {
                assertEquals(model.user(local).qualified, s.user(), where());
                sessions.add(s);
            }
        }

        private void follow(Session s, String target) {
            Set<ErrorCode> allowed = model.targetErrors(target);
            ApiModel.User me = model.userNamed(s.user());
            if (allowed.isEmpty() && model.user(local(target)) == me) {
                allowed = EnumSet.of(ErrorCode.CANNOT_FOLLOW_SELF);
            }
            expect(s.user() + ".follow(" + show(target) + ")", allowed, () -> s.follow(target));
            if (allowed.isEmpty()) {
                me.follow(ApiModel.key(local(target)), model.user(local(target)));
            }
        }

        private void send(Session s, String text) {
            Set<ErrorCode> allowed = ApiModel.validText(text) ? none() : EnumSet.of(ErrorCode.INVALID_TEXT);
            Message m = expect(s.user() + ".sendMessage(" + show(text) + ")", allowed, () -> s.sendMessage(text));
            if (m != null) {
                ApiModel.User me = model.userNamed(s.user());
                assertEquals(me.qualified, m.sender(), where());
                assertEquals(text, m.text(), where());
                if (!me.messages.isEmpty()) {
                    assertTrue(m.timestampMicros() > me.messages.get(me.messages.size() - 1).timestampMicros(),
                            "stamps strictly increase per sender, " + where());
                }
                assertTrue(ids.add(m.id()), "ids are unique, " + where());
                me.messages.add(m);
                stamps.add(m.timestampMicros());
            }
        }

        private void timeline(Session s, int limit, Long before) {
            Set<ErrorCode> allowed = argumentErrors(limit, before);
            List<Message> page = expect(s.user() + ".timeline(" + limit + (before == null ? "" : ", " + before) + ")",
                    allowed, () -> before == null ? s.timeline(limit) : s.timeline(limit, before));
            if (page == null) {
                return;
            }
            // a timeline may be stale, never wrong: a sorted page of followed users' messages
            ApiModel.User me = model.userNamed(s.user());
            Set<Message> possible = new HashSet<>(model.timeline(me));
            assertTrue(page.size() <= limit, where());
            for (int i = 0; i < page.size(); i++) {
                Message m = page.get(i);
                assertTrue(possible.contains(m), "timeline holds only followed users' messages: " + m + ", " + where());
                assertTrue(before == null || m.timestampMicros() < before, where());
                if (i > 0) {
                    assertTrue(page.get(i - 1).timestampMicros() >= m.timestampMicros(), "newest first, " + where());
                }
            }
        }

        private void profile(Session s, String target, int limit, Long before) {
            Set<ErrorCode> argumentErrors = argumentErrors(limit, before);
            Set<ErrorCode> targetErrors = model.targetErrors(target);
            Set<ErrorCode> allowed = EnumSet.noneOf(ErrorCode.class);
            allowed.addAll(argumentErrors);
            allowed.addAll(targetErrors);
            List<Message> page = expect(s.user() + ".profile(" + show(target) + ", " + limit
                            + (before == null ? "" : ", " + before) + ")", allowed,
                    () -> before == null ? s.profile(target, limit) : s.profile(target, limit, before));
            if (page != null) {
                ApiModel.User u = model.user(local(target));
                assertEquals(ApiModel.page(u.messages, limit, before == null ? Long.MAX_VALUE : before), page,
                        "a profile is exact at once, " + where());
            }
        }

        private void lookUpInstance(String domain) {
            call = "deployment.instance(" + show(domain) + ")";
            boolean deployed = domain != null && domain.equalsIgnoreCase(DOMAIN);
            try {
                Instance found = deployment.instance(domain);
                assertTrue(deployed, "found an instance for " + where());
                assertEquals(DOMAIN, found.domain(), where());
            } catch (StarlingException e) {
                assertTrue(!deployed && e.code() == ErrorCode.UNKNOWN_INSTANCE, e + ", " + where());
            } catch (RuntimeException e) {
                throw new AssertionError("threw " + e + " instead of UNKNOWN_INSTANCE, " + where(), e);
            }
        }

        private static Set<ErrorCode> argumentErrors(int limit, Long before) {
            boolean bad = !ApiModel.validLimit(limit) || (before != null && !ApiModel.validBefore(before));
            return bad ? EnumSet.of(ErrorCode.INVALID_ARGUMENT) : none();
        }

        /**
         * Makes the call and checks how it ends: with a value when {@code allowed} is empty, else
         * failed with one of the allowed codes. Returns the value, or null after an allowed error.
         */
        private <T> T expect(String description, Set<ErrorCode> allowed, Supplier<CompletableFuture<T>> request) {
            call = description;
            CompletableFuture<T> future;
            try {
                future = request.get();
            } catch (Throwable t) {
                throw new AssertionError("the call threw " + t + " instead of returning a failed future, " + where(), t);
            }
            if (future == null) {
                throw new AssertionError("the call returned no future, " + where());
            }
            try {
                T value = future.get(30, TimeUnit.SECONDS);
                tally.merge("ok", 1, Integer::sum);
                if (!allowed.isEmpty()) {
                    fail("succeeded with " + show(String.valueOf(value)) + " but expected one of " + allowed + ", " + where());
                }
                return value;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof StarlingException s)) {
                    throw new AssertionError("failed with " + e.getCause() + ", not a StarlingException, " + where(), e.getCause());
                }
                tally.merge(s.code().name(), 1, Integer::sum);
                if (!allowed.contains(s.code())) {
                    fail("answered " + s.code() + " (" + show(s.getMessage()) + ") but expected "
                            + (allowed.isEmpty() ? "success" : "one of " + allowed) + ", " + where());
                }
                assertTrue(s.getMessage().length() <= 500, "the error message stays short: " + s.getMessage().length());
                return null;
            } catch (TimeoutException e) {
                throw new AssertionError("no answer within 30 s, " + where());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** After quiescence the engine holds exactly the model: every profile and every timeline. */
        void checkEverythingServed() {
            assertTrue(deployment.awaitQuiescent(Duration.ofSeconds(30)), label);
            Session reader = sessions.get(0);
            for (ApiModel.User u : model.users()) {
                List<Message> profile = Api.await(reader.profile(u.qualified, 10_000));
                assertEquals(ApiModel.page(u.messages, 10_000, Long.MAX_VALUE), profile, u.qualified + ", " + label);
                Session own = Api.await(instance.logIn(u.qualified));
                List<Message> timeline = Api.await(own.timeline(10_000));
                assertEquals(null, model.timelineViolation(u, timeline), u.qualified + "'s timeline " + timeline + ", " + label);
            }
            // and it still takes new work
            Session late = Api.await(instance.registerUser("late_comer_" + model.users().size()));
            ApiModel.User first = model.users().get(0);
            Api.await(late.follow(first.qualified));
            Message m = Api.await(Api.await(instance.logIn(first.qualified)).sendMessage("still serving"));
            assertTrue(deployment.awaitQuiescent(Duration.ofSeconds(30)), label);
            assertEquals(m, Api.await(late.timeline(1)).get(0), label);
        }

        /** After close, a valid call answers CLOSED; an invalid one its own code or CLOSED. */
        void checkAfterClose() {
            deployment.close();
            for (int i = 0; i < 40; i++) {
                Session s = in.pick(sessions);
                String text = in.textOrNull();
                Set<ErrorCode> allowed = EnumSet.of(ErrorCode.CLOSED);
                if (!ApiModel.validText(text)) {
                    allowed.add(ErrorCode.INVALID_TEXT);
                }
                expect(s.user() + ".sendMessage(" + show(text) + ") after close", allowed, () -> s.sendMessage(text));
                String name = in.nameOrNull(model.localNames());
                Set<ErrorCode> allowedRegister = EnumSet.of(ErrorCode.CLOSED);
                if (model.localOnInstance(name) == null) {
                    allowedRegister.add(ErrorCode.INVALID_NAME);
                }
                expect("registerUser(" + show(name) + ") after close", allowedRegister, () -> instance.registerUser(name));
            }
        }

        private String where() {
            return "in " + call + ", " + label;
        }

        private static String local(String target) {
            int at = target.indexOf('@');
            return at < 0 ? target : target.substring(0, at);
        }

        private static Set<ErrorCode> none() {
            return EnumSet.noneOf(ErrorCode.class);
        }

        /** An argument as it can be printed: at most 40 characters, everything outside printable ASCII escaped. */
        private static String show(String s) {
            if (s == null) {
                return "null";
            }
            StringBuilder b = new StringBuilder("\"");
            for (int i = 0; i < Math.min(40, s.length()); i++) {
                char c = s.charAt(i);
                b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
            }
            b.append(s.length() > 40 ? "\"...(" + s.length() + " chars)" : "\"");
            return b.toString();
        }
    }
}
