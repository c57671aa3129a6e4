package dev.hallmark.policies;

import dev.hallmark.policies.pack.Combiner;
import dev.hallmark.policies.pack.PolicyCatalog;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Entry point of the policies module: the policy packs in effect, the keyword library and the consent verifier.
 * Ask it what a clip must carry and to screen prompts:
 * <pre>{@code
 * Policies policies = Policies.builder().override(Path.of("cn-override.json")).library(Path.of("acme.tsv")).build();
 * List<Jurisdiction> js = Jurisdiction.parseList("cn,eu,us-ca");
 * LabelRequirements req = policies.requirements(js, LocalDate.now());
 * Decision d = policies.screener(js, LocalDate.now()).screen(ScreeningRequest.of(prompt).withConsent("C-17"));
 * }</pre>
 * Immutable and thread-safe.
 */
public final class Policies {
    /** What {@code hallmark} assumes when no jurisdiction is given: every shipped real jurisdiction. */
    public static final List<Jurisdiction> DEFAULT_JURISDICTIONS = List.of(Jurisdiction.CN, Jurisdiction.EU, Jurisdiction.US_CA);

    private final PolicyCatalog catalog;
    private final ScreeningLibrary library;
    private final ConsentVerifier consent;

    private Policies(PolicyCatalog catalog, ScreeningLibrary library, ConsentVerifier consent) {
        this.catalog = catalog;
        this.library = library;
        this.consent = consent;
    }

    /** Shipped packs, starter library, consent ids recorded without a registry. */
    public static Policies builtin() throws PolicyException {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Jurisdiction codes with a pack, shipped first. */
    public List<String> jurisdictions() {
        return catalog.jurisdictions();
    }

    /** The packs behind {@code j}: the base pack then overrides. */
    public List<PackInfo> packs(Jurisdiction j) throws PolicyException {
        return catalog.packs(j);
    }

    public ScreeningLibrary library() {
        return library;
    }

    /** The requirements for {@code jurisdictions} on {@code date}, strictest wins, reasons recorded. */
    public LabelRequirements requirements(List<Jurisdiction> jurisdictions, LocalDate date) throws PolicyException {
        return Combiner.requirements(catalog, jurisdictions, Objects.requireNonNull(date));
    }

    /** A screener for {@code jurisdictions} on {@code date} with this library and consent verifier. */
    public PromptScreener screener(List<Jurisdiction> jurisdictions, LocalDate date) throws PolicyException {
        return new PromptScreener(jurisdictions, date, Combiner.screeningPlan(catalog, jurisdictions, date), library,
                consent);
    }

    /** Collects overrides, library and consent verifier; {@link #build()} loads and validates them all. */
    public static final class Builder {
        private final List<Path> overrides = new ArrayList<>();
        private Path libraryFile;
        private ScreeningLibrary library;
        private Path consentFile;
        private ConsentVerifier consent;

        private Builder() {
        }

        /** An operator pack file: {@code override} of a shipped pack, or {@code base} of a new jurisdiction. */
        public Builder override(Path packFile) {
            overrides.add(Objects.requireNonNull(packFile));
            return this;
        }

        public Builder overrides(List<Path> packFiles) {
            packFiles.forEach(this::override);
            return this;
        }

        /** The operator's keyword library file (default: the starter library). */
        public Builder library(Path file) {
            this.libraryFile = Objects.requireNonNull(file);
            this.library = null;
            return this;
        }

        public Builder library(ScreeningLibrary lib) {
            this.library = Objects.requireNonNull(lib);
            this.libraryFile = null;
            return this;
        }

        /** A consent registry file; without one, consent ids are recorded but not checked. */
        public Builder consentRegistry(Path file) {
            this.consentFile = Objects.requireNonNull(file);
            this.consent = null;
            return this;
        }

        public Builder consentVerifier(ConsentVerifier verifier) {
            this.consent = Objects.requireNonNull(verifier);
            this.consentFile = null;
            return this;
        }

        public Policies build() throws PolicyException {
            PolicyCatalog catalog = PolicyCatalog.load(overrides);
            ScreeningLibrary lib = library != null ? library
                    : libraryFile != null ? ScreeningLibrary.load(libraryFile) : ScreeningLibrary.starter();
            ConsentVerifier cv = consent != null ? consent
                    : consentFile != null ? ConsentRegistry.load(consentFile) : ConsentVerifier.recordOnly();
            return new Policies(catalog, lib, cv);
        }
    }
}
