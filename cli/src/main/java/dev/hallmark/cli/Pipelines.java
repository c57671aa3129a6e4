package dev.hallmark.cli;

import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.pipeline.CompliancePipeline;
import dev.hallmark.generator.pipeline.PipelineSettings;
import dev.hallmark.provenance.Passphrase;
import java.net.URI;
import org.springframework.stereotype.Component;

/** Opens the compliant pipeline over {@code $HALLMARK_HOME} with the operator's configuration. */
@Component
public class Pipelines {
    private final HallmarkHome home;
    private final HallmarkConfig config;
    private final Output output;

    public Pipelines(HallmarkHome home, HallmarkConfig config, Output output) {
        this.home = home;
        this.config = config;
        this.output = output;
    }

    public CompliancePipeline open() throws GeneratorException {
        String tsa = System.getenv("HALLMARK_TSA_URL");
        PipelineSettings s = new PipelineSettings(home.keys(), home.registry(), home.config(),
                Passphrase.fromEnvironment(), config.providerCode(), config.providerName(), "local-operator",
                tsa == null || tsa.isBlank() ? null : URI.create(tsa.trim()), 20, "fast");
        CompliancePipeline p = CompliancePipeline.open(s);
        for (String n : p.notes()) {
            output.note("hallmark: %s", n);
        }
        return p;
    }
}
