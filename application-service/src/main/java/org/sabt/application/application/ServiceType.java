package org.sabt.application.application;

/** The services of the one window (DOMAIN.md); deadlines and fees are configuration (next issues). */
public enum ServiceType {
    REGISTER_BIRTH, REGISTER_DEATH, REGISTER_MARRIAGE, REGISTER_DIVORCE, ESTABLISH_PATERNITY, REGISTER_ADOPTION,
    CHANGE_NAME, REPEAT_CERTIFICATE, ARCHIVE_EXTRACT, CORRECT_RECORD
}
