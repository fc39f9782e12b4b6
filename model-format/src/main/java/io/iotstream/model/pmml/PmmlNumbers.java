package io.iotstream.model.pmml;

import io.iotstream.model.InvalidModelException;

/** Numbers read from PMML attributes, which arrive as Number or String depending on the writer and the schema. */
final class PmmlNumbers {

    private PmmlNumbers() {
    }

    static double toDouble(Object value, String what) throws InvalidModelException {
        double d;
        if (value == null) {
            // PMML's default for a missing intercept/coefficient attribute is not uniform across versions; require it.
            throw new InvalidModelException(what + " is missing: give the number explicitly");
        } else if (value instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidModelException(what + " \"" + value + "\" is not a number: fix the PMML", e);
            }
        }
        if (!Double.isFinite(d)) {
            throw new InvalidModelException(what + " is " + d + ": every number must be finite; retrain or check "
                    + "the data");
        }
        return d;
    }
}
