package org.sabt.registry.act;

/** The seven acts of civil status, with the prefix of their registration numbers. */
public enum ActType {
    BIRTH("BIR"), DEATH("DTH"), MARRIAGE("MAR"), DIVORCE("DIV"), ADOPTION("ADP"), PATERNITY("PAT"), NAME_CHANGE("NCH");

    private final String numberPrefix;

    ActType(String numberPrefix) {
        this.numberPrefix = numberPrefix;
    }

    public String numberPrefix() {
        return numberPrefix;
    }
}
