package dev.hallmark.cli;

import dev.hallmark.cli.commands.KeysCommands;
import dev.hallmark.provenance.C2paKeys;
import dev.hallmark.provenance.Passphrase;
import dev.hallmark.provenance.ProvenanceException;
import org.springframework.stereotype.Component;

/**
 * The operator's C2PA claim-signing credentials under {@code $HALLMARK_HOME/keys}, loaded once per process and
 * created on first use (saying so on stderr, with where the passphrase lives — never the passphrase itself).
 */
@Component
public class SigningKeys {
    private final HallmarkHome home;
    private final Output output;
    private C2paKeys.Loaded loaded;

    public SigningKeys(HallmarkHome home, Output output) {
        this.home = home;
        this.output = output;
    }

    public synchronized C2paKeys.Loaded load() throws ProvenanceException {
        if (loaded == null) {
            loaded = C2paKeys.loadOrCreate(home.keys(), Passphrase.fromEnvironment(), KeysCommands.DEFAULT_ORG);
            if (loaded.info().created()) {
                output.note("hallmark: created C2PA signing keys in %s (first use); trust anchor %s; passphrase %s",
                        home.keys(), loaded.info().trustAnchor(), KeysCommands.passphraseText(loaded.info()));
            }
        }
        return loaded;
    }
}
