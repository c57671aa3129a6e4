package dev.hallmark.cli.commands;

import dev.hallmark.cli.HallmarkHome;
import dev.hallmark.cli.Output;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code hallmark version}: product version, Java runtime and where state lives. */
@Component
public class VersionCommands {
    private final Output output;
    private final HallmarkHome home;

    public VersionCommands(Output output, HallmarkHome home) {
        this.output = output;
        this.home = home;
    }

    @Command(name = "version", group = "General", description = "Show Hallmark's version, the Java runtime and HALLMARK_HOME")
    public void version(@Option(longName = "json", description = "print one JSON document") boolean json) {
        String v = VersionCommands.class.getPackage().getImplementationVersion();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "hallmark.version/1");
        doc.put("version", v == null ? "0.1.0-SNAPSHOT" : v);
        doc.put("java", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        doc.put("home", home.root().toString());
        if (json) {
            output.json(doc);
        } else {
            output.line("Hallmark %s (Java %s), HALLMARK_HOME=%s", doc.get("version"), doc.get("java"), doc.get("home"));
        }
    }
}
