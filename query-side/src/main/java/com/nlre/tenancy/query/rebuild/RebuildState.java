package com.nlre.tenancy.query.rebuild;

/** Where a rebuild stands. */
public enum RebuildState {
    /** Reading the event store into the shadow generation; live projection and reads go on as usual. */
    RUNNING,
    /** The final catch-up and the switch: live projection on this instance waits (reads still answer). */
    SWITCHING,
    /** Switched: the rebuilt read models are live. */
    COMPLETED,
    /** Stopped on an error; the live read models were not changed and the shadow generation was dropped. */
    FAILED
}
