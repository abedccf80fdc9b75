package org.sabt.registry.act;

public enum ActStatus { REGISTERED, ANNULLED }
