/**
 * The command-line conventions every IoTStream command shares (model, iotgen, iottrain, simulate, bridge, score):
 * exit codes, one stderr line per failure that names the fix, and the version from the jar. Kept here, in the
 * module every deployable already depends on, so no command copies them.
 */
package io.iotstream.cli;
