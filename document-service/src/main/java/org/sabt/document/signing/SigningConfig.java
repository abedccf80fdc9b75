package org.sabt.document.signing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The certificate signing key: generated here (rotated by raising the generation) or taken from a PKCS#12 file. */
@ConfigMapping(prefix = "sabt.signing")
public interface SigningConfig {

    /** Raise it to rotate: a new key of that generation signs from the next start; the older ones stay published. */
    @WithDefault("1")
    int generation();

    /** A PKCS#12 file whose EC P-256 key signs instead of a generated one (a secret mounted as a file). */
    Optional<String> keystore();

    Optional<String> keystorePassword();

    Optional<String> keystoreAlias();
}
