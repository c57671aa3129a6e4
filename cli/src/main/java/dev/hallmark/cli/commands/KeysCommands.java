package dev.hallmark.cli.commands;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.HallmarkHome;
import dev.hallmark.cli.Output;
import dev.hallmark.provenance.C2paKeys;
import dev.hallmark.provenance.CertificateSummary;
import dev.hallmark.provenance.KeyInfo;
import dev.hallmark.provenance.Passphrase;
import dev.hallmark.provenance.ProvenanceException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/**
 * {@code hallmark keys init|import|show}: the C2PA signing credentials under {@code $HALLMARK_HOME/keys}. Never
 * prints private material or the passphrase.
 */
@Component
public class KeysCommands {
    public static final String DEFAULT_ORG = "Hallmark";
    private final Output output;
    private final HallmarkHome home;

    public KeysCommands(Output output, HallmarkHome home) {
        this.output = output;
        this.home = home;
    }

    @Command(name = "keys init", group = "Keys",
            description = "Create a C2PA root CA and claim-signing certificate (EC P-256), private keys encrypted at rest")
    public void init(
            @Option(longName = "org", description = "organization (subject O) of the certificates (default Hallmark)") String org,
            @Option(longName = "force", description = "replace existing keys") boolean force,
            @Option(longName = "json", description = "print a JSON result") boolean json) throws ProvenanceException {
        String organization = org == null || org.isBlank() ? DEFAULT_ORG : org.strip();
        KeyInfo info = C2paKeys.init(home.keys(), Passphrase.fromEnvironment(), organization, force);
        render(info, json, "Created");
    }

    @Command(name = "keys import", group = "Keys",
            description = "Import a CA-issued C2PA signing chain and key (checked against the C2PA certificate profile)")
    public void importChain(
            @Option(longName = "chain", required = true, description = "PEM: signing certificate first, then intermediates (a root at the end becomes the trust anchor)") String chain,
            @Option(longName = "key", required = true, description = "PEM private key (PKCS#8, EC or RSA; if encrypted, HALLMARK_KEY_PASSPHRASE opens it)") String key,
            @Option(longName = "force", description = "replace existing keys") boolean force,
            @Option(longName = "json", description = "print a JSON result") boolean json) throws ProvenanceException {
        KeyInfo info = C2paKeys.importChain(home.keys(), Path.of(chain), Path.of(key), Passphrase.fromEnvironment(),
                force);
        render(info, json, "Imported");
    }

    @Command(name = "keys show", group = "Keys", description = "Show the C2PA signing certificates (no private material)")
    public void show(@Option(longName = "json", description = "print a JSON result") boolean json)
            throws ProvenanceException {
        if (!C2paKeys.exists(home.keys())) {
            throw CliException.badInput("no C2PA keys in " + home.keys() + "; run `hallmark keys init` (or `keys import`)");
        }
        render(C2paKeys.show(home.keys()), json, null);
    }

    private void render(KeyInfo info, boolean json, String verb) {
        if (json) {
            output.json(document(info));
            return;
        }
        if (verb != null) {
            output.line("%s C2PA signing keys in %s", verb, info.dir());
        } else {
            output.line("C2PA signing keys in %s (%s)", info.dir(), info.origin());
        }
        CertificateSummary leaf = info.chain().get(0);
        output.line("  signer       %s", leaf.subject());
        output.line("  issued by    %s", leaf.issuer());
        output.line("  key          %s, valid %s .. %s", leaf.keyAlgorithm(), leaf.notBefore(), leaf.notAfter());
        output.line("  EKU          %s", String.join(", ", leaf.extendedKeyUsages()));
        output.line("  sha256       %s", leaf.sha256());
        if (info.root() != null) {
            output.line("  root CA      %s (sha256 %s)", info.root().subject(), info.root().sha256());
        }
        if (info.trustAnchor() != null) {
            output.line("  trust anchor %s  (give this file to verifiers: --trust)", info.trustAnchor());
        }
        output.line("  private keys encrypted (PKCS#8, PBKDF2-SHA256 + AES-256); passphrase %s",
                passphraseText(info));
    }

    public static String passphraseText(KeyInfo info) {
        return info.passphraseSource() == KeyInfo.PassphraseSource.ENVIRONMENT
                ? "from " + Passphrase.ENV + " (not stored; set it whenever you sign)"
                : "generated into " + info.passphraseFile() + " (mode 0600; set " + Passphrase.ENV
                        + " before `keys init` to use your own)";
    }

    static Map<String, Object> document(KeyInfo info) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "hallmark.keys/1");
        doc.put("dir", info.dir().toString());
        doc.put("origin", info.origin());
        doc.put("created", info.created());
        doc.put("passphrase", info.passphraseSource() == KeyInfo.PassphraseSource.ENVIRONMENT ? "environment"
                : "generated-file");
        doc.put("passphraseFile", info.passphraseFile() == null ? null : info.passphraseFile().toString());
        doc.put("chain", info.chain().stream().map(KeysCommands::cert).toList());
        doc.put("root", info.root() == null ? null : cert(info.root()));
        doc.put("trustAnchor", info.trustAnchor() == null ? null : info.trustAnchor().toString());
        return doc;
    }

    private static Map<String, Object> cert(CertificateSummary c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", c.subject());
        m.put("issuer", c.issuer());
        m.put("serialNumber", c.serialNumber());
        m.put("notBefore", c.notBefore().toString());
        m.put("notAfter", c.notAfter().toString());
        m.put("sha256", c.sha256());
        m.put("keyAlgorithm", c.keyAlgorithm());
        m.put("ca", c.ca());
        m.put("extendedKeyUsages", List.copyOf(c.extendedKeyUsages()));
        return m;
    }
}
