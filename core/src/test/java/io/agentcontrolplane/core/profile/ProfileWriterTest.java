package io.agentcontrolplane.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileWriterTest {

    private static Profile roundTrip(Profile p) {
        String yaml = ProfileWriter.write(p);
        LoadedProfile back = ProfileLoader.load(yaml, "written.yaml");
        assertThat(back.problems()).as(yaml).isEmpty();
        return back.profile();
    }

    @ParameterizedTest
    @ValueSource(strings = {"examples/profile-full.yaml", "examples/profile-minimal.yaml"})
    void examplesRoundTrip(String file) {
        Profile p = ProfileLoader.load(Fixtures.repoRoot().resolve(file)).orElseThrow();
        assertThat(roundTrip(p)).isEqualTo(p);
    }

    @Test
    void defaultsRoundTrip() {
        Profile p = Profile.defaults("demo", "acme/widgets");
        assertThat(roundTrip(p)).isEqualTo(p);
    }

    @Test
    void writesTheFileFormat() {
        String yaml = ProfileWriter.write(Profile.defaults("demo", "acme/widgets"));
        assertThat(yaml).startsWith("schemaVersion: 1\nid: demo\nrepository:\n  slug: acme/widgets\n")
                .contains("  maxWorkers: 20\n").contains("  minimumPermission: write\n")
                .doesNotContain("cloneUrl").doesNotContain("credentialsId");
    }

    @Test
    void anEmptyListThatDiffersFromTheDefaultIsWritten() {
        Profile p = Fixtures.loadWith("heavy: {labels: []}\n").orElseThrow();
        assertThat(p.heavy().labels()).isEmpty();
        assertThat(ProfileWriter.write(p)).contains("labels: []");
        assertThat(roundTrip(p)).isEqualTo(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "no", "yes", "null", "~", "123", "0x1F", "1.5", "a: b", "# hash", "- dash",
        "quote\"d", "it's", "{brace}", "[x]", "@at", "`tick", "multi\nline", " padded ", "*star", "&amp", "!bang",
        "%pct", "emoji ✓", "tab\tin"})
    void awkwardStringsRoundTrip(String awkward) {
        Profile base = Profile.defaults("demo", "acme/widgets");
        Profile p = base.withAgent(new Profile.AgentSettings("codex",
                Map.of("codex", new Profile.BackendSettings(awkward, awkward, 900, 300, 3, 30, List.of(awkward),
                        Map.of("k", awkward))),
                List.of(new Profile.ProviderPool(awkward, "codex", awkward))));
        assertThat(roundTrip(p)).isEqualTo(p);
    }

    @Property(tries = 200)
    void loadedProfilesRoundTrip(@ForAll("profiles") Profile p) {
        assertThat(roundTrip(p)).isEqualTo(p);
    }

    @Provide
    Arbitrary<Profile> profiles() {
        Arbitrary<String> ids = Arbitraries.strings().withChars("abcdefghij0123456789-").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.startsWith("-"));
        Arbitrary<Integer> positive = Arbitraries.integers().between(1, 100_000);
        Arbitrary<Integer> natural = Arbitraries.integers().between(0, 100);
        Arbitrary<Profile.Limits> limits = Combinators.combine(positive, positive, natural, natural, natural, natural,
                natural, positive).as((w, pr, h, r, s, sh, b, l) -> new Profile.Limits(w, pr, h, r, s, sh, b, 0, 3, l,
                        0, 0));
        Arbitrary<String> backend = Arbitraries.of(Backends.SUPPORTED).filter(b -> !b.equals("command"));
        Arbitrary<String> model = Arbitraries.strings().alpha().numeric().withChars("/:.-").ofMinLength(1).ofMaxLength(20);
        Arbitrary<Profile.ProviderPool> pool = Combinators.combine(backend, model)
                .as((b, m) -> new Profile.ProviderPool(null, b, m));
        Arbitrary<List<Integer>> cooldowns = positive.list().ofMinSize(1).ofMaxSize(5);
        return Combinators.combine(ids, limits, backend, pool.list().ofMaxSize(3), cooldowns, positive, natural)
                .as((id, l, b, pools, cd, budget, perm) -> {
                    List<Profile.ProviderPool> named = new java.util.ArrayList<>();
                    for (int i = 0; i < pools.size(); i++) {
                        named.add(new Profile.ProviderPool("pool" + i, pools.get(i).backend(), pools.get(i).model()));
                    }
                    Profile p = Profile.defaults(id, "acme/" + id).withLimits(l)
                            .withAgent(new Profile.AgentSettings(b, Map.of(), named))
                            .withBudget(new Profile.Budget(budget, budget))
                            .withTrust(new Profile.Trust(Permission.values()[perm % Permission.values().length], "ok"));
                    return new Profile(p.id(), p.repository(), p.credentials(), p.agent(), p.limits(),
                            new Profile.Schedules(cd, cd), p.labels(), p.heavy(), p.naming(), p.trust(), p.budget(),
                            p.workspace(), Map.of("fix", "t/" + id + ".md"));
                });
    }
}
