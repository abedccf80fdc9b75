package org.sabt.registry.act;

public enum Sex { MALE, FEMALE }
