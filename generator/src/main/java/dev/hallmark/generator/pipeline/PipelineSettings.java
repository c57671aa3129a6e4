package dev.hallmark.generator.pipeline;

import dev.hallmark.provenance.Passphrase;
import dev.hallmark.provenance.aigc.ProviderCode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the pipeline's state lives and who operates it. Built by the CLI from {@code $HALLMARK_HOME}.
 *
 * @param keysDir C2PA credentials, watermark keys and the registry signing key
 * @param registryDir the filing registry
 * @param configDir operator files (policy overrides, screening library, consent registry)
 * @param passphrase protects the private keys at rest
 * @param producer GB 45438 provider code written as ContentProducer
 * @param providerName provider name for California's latent disclosure
 * @param actor pseudonymous id of who runs the generation (filed)
 * @param tsaUrl RFC 3161 time-stamp authority, or null
 * @param crf x264 quality of released clips
 * @param preset x264 speed preset of released clips
 */
public record PipelineSettings(Path keysDir, Path registryDir, Path configDir, Passphrase passphrase,
        ProviderCode producer, String providerName, String actor, URI tsaUrl, int crf, String preset) {
    public PipelineSettings {
        Objects.requireNonNull(keysDir);
        Objects.requireNonNull(registryDir);
        Objects.requireNonNull(configDir);
        Objects.requireNonNull(passphrase);
        Objects.requireNonNull(producer);
        Objects.requireNonNull(providerName);
        Objects.requireNonNull(actor);
        if (crf < 0 || crf > 51) {
            throw new IllegalArgumentException("crf must be 0..51");
        }
        Objects.requireNonNull(preset);
    }

    /** Defaults for a home folder: demo provider code unless configured, CRF 20, preset "fast". */
    public static PipelineSettings of(Path home, ProviderCode producer, String providerName) {
        return new PipelineSettings(home.resolve("keys"), home.resolve("registry"), home.resolve("config"),
                Passphrase.fromEnvironment(), producer, providerName, "local-operator", null, 20, "fast");
    }

    public PipelineSettings withActor(String a) {
        return new PipelineSettings(keysDir, registryDir, configDir, passphrase, producer, providerName, a, tsaUrl, crf,
                preset);
    }

    public PipelineSettings withTsa(URI t) {
        return new PipelineSettings(keysDir, registryDir, configDir, passphrase, producer, providerName, actor, t, crf,
                preset);
    }
}
