package dev.hallmark.provenance.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The Bouncy Castle provider instance used explicitly (never installed globally, so other code is unaffected). */
public final class Bc {
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
