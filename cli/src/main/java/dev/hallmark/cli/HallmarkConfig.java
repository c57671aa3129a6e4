package dev.hallmark.cli;

import dev.hallmark.provenance.aigc.ProviderCode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * Operator configuration: {@code $HALLMARK_HOME/config/hallmark.properties}.
 *
 * <pre>
 * provider.code = 27-character provider code (GB 45438 ContentProducer); absent -> the obviously fake demo code
 * provider.name = provider name for California's latent disclosure
 * </pre>
 */
@Component
public class HallmarkConfig {
    public static final String FILE = "hallmark.properties";
    private final HallmarkHome home;
    private final Output output;

    public HallmarkConfig(HallmarkHome home, Output output) {
        this.home = home;
        this.output = output;
    }

    public Path file() {
        return home.config().resolve(FILE);
    }

    private Properties load() {
        Properties p = new Properties();
        Path f = file();
        if (Files.exists(f)) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw CliException.badInput(f + ": cannot read configuration: " + e.getMessage());
            }
        }
        return p;
    }

    /** The configured provider code, or the demo code (with a note on stderr saying so). */
    public ProviderCode providerCode() {
        String v = load().getProperty("provider.code");
        if (v == null || v.isBlank()) {
            output.note("note: using the demo provider code %s (not a real registration). Set provider.code in %s.",
                    ProviderCode.DEMO, file());
            return ProviderCode.DEMO;
        }
        String problem = ProviderCode.problem(v.trim());
        if (problem != null) {
            throw CliException.badInput(file() + ": provider.code '" + v.trim() + "' is invalid: " + problem);
        }
        return ProviderCode.parse(v);
    }

    /** Provider name for disclosures; "Hallmark demo provider" when unset. */
    public String providerName() {
        return load().getProperty("provider.name", "Hallmark demo provider").trim();
    }
}
