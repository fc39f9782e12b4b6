package io.iotstream.simulator.bridge;

import io.iotstream.schemas.csv.MalformedLineException;
import java.io.IOException;

/** Where the bridge puts lines it cannot read: a dead-letter topic, or stderr. */
interface DeadLetters {

    /** Records one malformed line. */
    void malformed(MalformedLineException e) throws IOException;

    /** Where they go, for the summary. */
    String describe();
}
