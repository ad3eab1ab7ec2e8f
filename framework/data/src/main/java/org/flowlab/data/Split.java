package org.flowlab.data;

/** Which half of a dataset to load. */
public enum Split { TRAIN, TEST }
