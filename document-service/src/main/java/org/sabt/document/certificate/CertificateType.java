package org.sabt.document.certificate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The closed set of certificate types, each with its paper layout and its kind of blank: one per act type, and the
 * archive extract (of any act). The code is what the QR's token carries; it never changes once given.
 */
public enum CertificateType {
    BIRTH(0), DEATH(1), MARRIAGE(2), DIVORCE(3), ADOPTION(4), PATERNITY(5), NAME_CHANGE(6), EXTRACT(7);

    public final int code;

    CertificateType(int code) {
        this.code = code;
    }

    public static CertificateType ofCode(int code) {
        for (CertificateType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("no certificate type " + code);
    }

    /** The type of a certificate of that kind for an act of that type. */
    public static CertificateType of(Kind kind, String actType) {
        return switch (kind) {
            case CERTIFICATE, REPEAT_CERTIFICATE -> valueOf(actType);
            case EXTRACT -> EXTRACT;
        };
    }

    /** What was asked for: the first certificate, a repeat one, or an archive extract. */
    @Schema(name = "CertificateKind")
    public enum Kind {
        CERTIFICATE(0), REPEAT_CERTIFICATE(1), EXTRACT(2);

        public final int code;

        Kind(int code) {
            this.code = code;
        }

        public static Kind ofCode(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no kind " + code);
        }
    }

    /** Printed on a numbered blank, or an electronic document only. */
    public enum Medium { PAPER, ELECTRONIC }
}
