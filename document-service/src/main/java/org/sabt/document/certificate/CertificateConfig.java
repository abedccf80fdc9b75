package org.sabt.document.certificate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the QR's link points, and how an application's certificate is issued without anyone asking. */
@ConfigMapping(prefix = "sabt.certificates")
public interface CertificateConfig {

    /** The public address of the verification page (the gateway's): the QR links to {@code <this>/v#<token>}. */
    @WithDefault("http://127.0.0.1:8080")
    String publicBaseUrl();

    /** The medium of the certificate an application receives by itself. */
    @WithDefault("PAPER")
    CertificateType.Medium automaticMedium();

    /** How long an owed certificate that had to wait (no act yet, no blank) waits before the next attempt. */
    @WithDefault("5S")
    java.time.Duration retryAfter();

    /**
     * How many owed certificates are issued at once. One at a time, a certificate (its PDF most of all) took longer
     * than the one window registers births at 8 clients, and the queue grew to seconds; two use both cores.
     */
    @WithDefault("2")
    int issueLanes();
}
