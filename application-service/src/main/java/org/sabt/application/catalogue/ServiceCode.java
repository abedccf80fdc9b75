package org.sabt.application.catalogue;

/**
 * The services of the one window (DOMAIN.md). A closed set: what approval leads to is decided here, with no
 * default, so a new service is a compile error wherever it matters. Names, forms, fees, deadlines, checks and who
 * may apply are the country's configuration ({@link Catalogue}).
 */
public enum ServiceCode {
    REGISTER_BIRTH, REGISTER_DEATH, REGISTER_MARRIAGE, REGISTER_DIVORCE, ESTABLISH_PATERNITY, REGISTER_ADOPTION,
    CHANGE_NAME, REPEAT_CERTIFICATE, ARCHIVE_EXTRACT, CORRECT_RECORD;

    /** What an approval of the service does in the registry. */
    public enum Effect {
        /** Registers a new act (the form is the act's payload). */
        REGISTERS_ACT,
        /** Amends an existing act (a correction, with If-Match on the act's version). */
        AMENDS_ACT,
        /** Nothing in the registry: a document about an existing act is issued. */
        NONE
    }

    public Effect effect() {
        return switch (this) {
            case REGISTER_BIRTH, REGISTER_DEATH, REGISTER_MARRIAGE, REGISTER_DIVORCE, ESTABLISH_PATERNITY, REGISTER_ADOPTION,
                 CHANGE_NAME -> Effect.REGISTERS_ACT;
            case CORRECT_RECORD -> Effect.AMENDS_ACT;
            case REPEAT_CERTIFICATE, ARCHIVE_EXTRACT -> Effect.NONE;
        };
    }

    /** The registry's act type a registration service registers; null for the others. */
    public String actType() {
        return switch (this) {
            case REGISTER_BIRTH -> "BIRTH";
            case REGISTER_DEATH -> "DEATH";
            case REGISTER_MARRIAGE -> "MARRIAGE";
            case REGISTER_DIVORCE -> "DIVORCE";
            case ESTABLISH_PATERNITY -> "PATERNITY";
            case REGISTER_ADOPTION -> "ADOPTION";
            case CHANGE_NAME -> "NAME_CHANGE";
            case REPEAT_CERTIFICATE, ARCHIVE_EXTRACT, CORRECT_RECORD -> null;
        };
    }

    /** An existing act named by its registration number (repeat certificate, extract, correction). */
    public boolean concernsExistingAct() {
        return effect() != Effect.REGISTERS_ACT;
    }
}
