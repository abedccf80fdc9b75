package org.sabt.chassis.time;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A TIMESTAMPTZ column as a native query returns it (the JDBC driver's choice of type), as an Instant; a DATE column
 * as a LocalDate.
 */
public final class Timestamps {

    public static Instant instant(Object column) {
        return switch (column) {
            case null -> null;
            case Instant i -> i;
            case OffsetDateTime odt -> odt.toInstant();
            case Timestamp ts -> ts.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + column.getClass());
        };
    }

    public static LocalDate date(Object column) {
        return switch (column) {
            case null -> null;
            case LocalDate d -> d;
            case java.sql.Date d -> d.toLocalDate();
            default -> throw new IllegalStateException("unexpected date type " + column.getClass());
        };
    }

    private Timestamps() {
    }
}
